namespace Nmpi.Grains.Notifications;

/// <summary>How an administrator decided a resource request.</summary>
/// <param name="Accepted">True when accepted, false when rejected.</param>
/// <param name="DecidedBy">The administrator's user id.</param>
/// <param name="Note">The administrator's note to the requester, if any.</param>
public sealed record ResourceRequestDecision(bool Accepted, string DecidedBy, string? Note);
