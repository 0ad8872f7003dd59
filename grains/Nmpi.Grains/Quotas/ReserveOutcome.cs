namespace Nmpi.Grains.Quotas;

/// <summary>What the reserve statement saw and did: a reservation it found or made, and the quota before it.</summary>
/// <param name="Seen">The request already had a reservation or a job (a retried submit): nothing was reserved again.</param>
/// <param name="Held">This statement reserved the estimate.</param>
/// <param name="Quota">The quota as the statement found it, or null when the collab has none on the platform.</param>
public sealed record ReserveOutcome(bool Seen, bool Held, QuotaState? Quota);
