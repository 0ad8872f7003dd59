namespace Nmpi.GrainInterfaces.Quotas;

/// <summary>A platform administrator sets a collab's limit (and expiry) on a platform; usage is kept.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.QuotaSetting")]
public sealed record QuotaSetting(
    [property: Id(0)] string Collab,
    [property: Id(1)] string Platform,
    [property: Id(2)] decimal Limit,
    [property: Id(3)] DateTimeOffset? ExpiresAt,
    [property: Id(4)] string SetBy);
