using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Nmpi.Grains.Notifications;

/// <summary>Queues the messages about resource requests: administrators hear of a new one, the requester of the decision.</summary>
public sealed partial class RequestMails(MailOutbox outbox, MailSender sender, IOptions<MailOptions> options, ILogger<RequestMails> log)
{
    private readonly MailOptions _options = options.Value;

    /// <summary>
    /// Queues a message to every platform administrator with a known address that the request waits for review.
    /// Call it after the request's move to "under review" is stored; repeating it queues nothing new. Returns the
    /// number of messages queued (0 when mail is off).
    /// </summary>
    public async Task<int> QueueRequestSubmittedAsync(ResourceRequestMail request, CancellationToken cancellationToken = default)
    {
        if (!_options.Enabled)
        {
            return 0;
        }

        var admins = await outbox.AdministratorsAsync(cancellationToken);
        if (admins.Count == 0)
        {
            LogNoAdministrator(request.RequestId);
            return 0;
        }

        return Woken(await outbox.QueueAsync(admins.Select(admin => RequestMailFormatter.Submitted(request, admin)).ToArray(), cancellationToken));
    }

    /// <summary>
    /// Queues a message to the requester (when their address is known) that the request was accepted or rejected.
    /// Call it after the decision is stored; repeating it queues nothing new. Returns the number of messages queued.
    /// </summary>
    public async Task<int> QueueRequestDecidedAsync(ResourceRequestMail request, ResourceRequestDecision decision, CancellationToken cancellationToken = default)
    {
        if (!_options.Enabled || await outbox.UserAsync(request.Requester, cancellationToken) is not { } requester)
        {
            return 0;
        }

        return Woken(await outbox.QueueAsync([RequestMailFormatter.Decided(request, decision, requester)], cancellationToken));
    }

    private int Woken(int queued)
    {
        if (queued > 0)
        {
            sender.Wake();
        }

        return queued;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resource request {RequestId} waits for review, but no platform administrator has an e-mail address")]
    private partial void LogNoAdministrator(string requestId);
}
