using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        // Every option section is bound, checked by its validator and refused at start, never at request time.
        services.AddValidatedOptions<JobOptions, JobOptionsValidator>(configuration, JobOptions.SectionName);
        services.AddValidatedOptions<SchedulerOptions, SchedulerOptionsValidator>(configuration, SchedulerOptions.SectionName);
        services.AddValidatedOptions<Code.CodeStorageOptions, Code.CodeStorageOptionsValidator>(configuration, Code.CodeStorageOptions.SectionName);
        services.AddValidatedOptions<GroupCommitOptions, GroupCommitOptionsValidator>(configuration, GroupCommitOptions.SectionName);
        services.AddNmpiMail(configuration);
        services.AddNmpiQuotas(configuration);
        services.AddValidatedOptions<Statistics.StatisticsOptions, Statistics.StatisticsOptionsValidator>(configuration, Statistics.StatisticsOptions.SectionName);
        services.AddSingleton<Statistics.StatisticsQueries>()
            .AddSingleton<Statistics.StatisticsScans>();

        // Resource requests are announced by e-mail (a no-op while mail is off).
        services.Replace(ServiceDescriptor.Singleton<IQuotaRequestEvents, QuotaRequestMails>());
        return services;
    }
}
