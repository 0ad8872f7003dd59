namespace Nmpi.Grains.Quotas;

/// <summary>The rule's answer to a submit: admitted or not, and the quota as it stands after the decision.</summary>
/// <param name="Admitted">True when the job may be stored with its reservation.</param>
/// <param name="Quota">The quota after the decision (a granted test quota included; reserved raised when admitted); null when there is none.</param>
/// <param name="Remaining">What the quota had left for new jobs before the decision.</param>
public readonly record struct QuotaDecision(bool Admitted, QuotaState? Quota, decimal Remaining);
