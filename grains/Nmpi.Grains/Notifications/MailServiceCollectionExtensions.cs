using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Nmpi.Grains.Notifications;

/// <summary>Registers e-mail: the outbox, the job and request messages, and the background sender.</summary>
public static class MailServiceCollectionExtensions
{
    /// <summary>Binds Nmpi:Mail and adds the mail services; the sender runs only when a host is configured.</summary>
    public static IServiceCollection AddNmpiMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<MailOptions, MailOptionsValidator>(configuration, MailOptions.SectionName);
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<MailSender>();
        services.AddSingleton<JobMails>();
        services.AddSingleton<RequestMails>();
        services.AddSingleton<Accounts.EmailVerificationStore>();
        services.AddSingleton<VerificationMails>();
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<MailSender>());
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredService<JobMails>());
        return services;
    }
}
