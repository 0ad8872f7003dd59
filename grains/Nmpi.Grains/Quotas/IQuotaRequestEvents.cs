namespace Nmpi.Grains.Quotas;

/// <summary>
/// Told after a request's move has committed, from the silo that made it; bind it to the mailer. A failure
/// is logged and does not undo the move. The default registration does nothing.
/// </summary>
public interface IQuotaRequestEvents
{
    /// <summary>A request went under review (tell the administrators).</summary>
    Task RequestSubmittedAsync(ResourceRequestSubmitted submitted);

    /// <summary>A request was accepted or rejected (tell the requester).</summary>
    Task RequestDecidedAsync(ResourceRequestDecided decided);
}
