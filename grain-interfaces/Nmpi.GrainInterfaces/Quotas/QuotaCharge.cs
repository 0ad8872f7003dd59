namespace Nmpi.GrainInterfaces.Quotas;

/// <summary>What a job that ended used, to be charged once against its collab's quota.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.QuotaCharge")]
public sealed record QuotaCharge(
    [property: Id(0)] long JobId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string RequestId,
    [property: Id(3)] string Collab,
    [property: Id(4)] string Platform,
    [property: Id(5)] decimal Amount,
    [property: Id(6)] string? ReportedUnits);
