namespace Nmpi.GrainInterfaces.ProviderKeys;

/// <summary>The result of a rotation: the outcome, the old key as it is now, and the new key when one was made.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.ProviderKeyRotation")]
public sealed record ProviderKeyRotation(
    [property: Id(0)] RotationOutcome Outcome,
    [property: Id(1)] ProviderKey? Old,
    [property: Id(2)] ProviderKey? New);
