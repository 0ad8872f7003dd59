using Nmpi.Api.Platforms;
using Nmpi.GrainInterfaces.Quotas;
using Nmpi.Grains.Quotas;

namespace Nmpi.Grains.Notifications;

/// <summary>Tells people about resource requests by e-mail: administrators of a new one, the requester of the decision.</summary>
public sealed class QuotaRequestMails(RequestMails mails) : IQuotaRequestEvents
{
    /// <inheritdoc />
    public Task RequestSubmittedAsync(ResourceRequestSubmitted submitted)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        return mails.QueueRequestSubmittedAsync(ToMail(submitted.Request, submitted.Request.Requested));
    }

    /// <inheritdoc />
    public Task RequestDecidedAsync(ResourceRequestDecided decided)
    {
        ArgumentNullException.ThrowIfNull(decided);
        var request = decided.Request;
        var accepted = request.Status == ResourceRequestStatus.Accepted;
        var decision = new Notifications.ResourceRequestDecision(accepted, request.DecidedBy ?? "", request.DecisionNote);

        // An accepted request's message lists what was granted, which may differ from what was asked.
        return mails.QueueRequestDecidedAsync(ToMail(request, accepted && request.Granted is { } granted ? granted : request.Requested), decision);
    }

    private static ResourceRequestMail ToMail(ResourceRequest request, IReadOnlyDictionary<string, decimal> amounts) =>
        new(
            request.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            request.Collab,
            request.Title,
            request.RequestedBy,
            [.. amounts.OrderBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => new RequestedAmount(a.Key, (double)a.Value, PlatformCatalog.Find(a.Key)?.Units ?? ""))]);
}
