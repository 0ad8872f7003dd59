using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nmpi.Grains.Accounts;
using Nmpi.Grains.Jobs;
using Nmpi.Grains.Notifications;
using Nmpi.Grains.ProviderKeys;
using Nmpi.Grains.Quotas;
using Nmpi.Grains.Scheduling;
using Nmpi.Grains.Storage;
using Npgsql;

namespace Nmpi.Grains;

/// <summary>Registers what the grains need: the jobs database, group commit, options.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>Adds the job store over the given PostgreSQL connection string and binds Nmpi:* options.</summary>
    public static IServiceCollection AddNmpiGrains(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddSingleton<IIncomingGrainCallFilter, StorageErrorFilter>();
        services.AddSingleton(_ =>
        {
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            // The job path runs a handful of statements thousands of times a second: prepare them once per connection.
            builder.ConnectionStringBuilder.MaxAutoPrepare = Math.Max(builder.ConnectionStringBuilder.MaxAutoPrepare, 32);
            builder.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
            // Nothing on these connections changes session state (settings are SET LOCAL, no LISTEN, no advisory
            // locks), so a connection handed back to the pool needs no reset: that reset was six statements per
            // group commit.
            builder.ConnectionStringBuilder.NoResetOnClose = true;
            return builder.Build();
        });
        services.AddSingleton<GroupCommitter>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<CodeBundleStore>();
        services.AddSingleton<CodeStorageStore>();
        services.AddSingleton<ProviderKeyStore>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<CollabStore>();
        services.AddSingleton<ExternalDirectoryStore>();
        services.AddSingleton<SigningKeyStore>();
        services.AddHostedService<AccountSeeder>();
        services.AddSingleton(TimeProvider.System);
        services.Configure<JobOptions>(configuration.GetSection("Nmpi:Jobs"));
        services.Configure<SchedulerOptions>(configuration.GetSection("Nmpi:Scheduling"));
        services.Configure<Code.CodeStorageOptions>(configuration.GetSection(Code.CodeStorageOptions.SectionName));
        services.Configure<GroupCommitOptions>(configuration.GetSection("Nmpi:GroupCommit"));
        services.AddNmpiMail(configuration);
        services.AddNmpiQuotas(configuration);
        services.AddOptions<Statistics.StatisticsOptions>().Bind(configuration.GetSection(Statistics.StatisticsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Statistics.StatisticsOptions>, Statistics.StatisticsOptionsValidator>()
            .AddSingleton<Statistics.StatisticsQueries>()
            .AddSingleton<Statistics.StatisticsScans>();

        // Resource requests are announced by e-mail (a no-op while mail is off).
        services.Replace(ServiceDescriptor.Singleton<IQuotaRequestEvents, QuotaRequestMails>());
        return services;
    }
}
