namespace Nmpi.GrainInterfaces.Accounts;

/// <summary>A secret that signs the gateway's bearer tokens, named by its key id.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.SigningKey")]
public sealed record SigningKey(
    [property: Id(0)] string KeyId,
    [property: Id(1)] byte[] Secret,
    [property: Id(2)] DateTimeOffset CreatedAt);
