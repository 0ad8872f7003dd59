namespace Nmpi.GrainInterfaces.ProviderKeys;

/// <summary>How a rotation ended.</summary>
[GenerateSerializer, Alias("nmpi.RotationOutcome")]
public enum RotationOutcome
{
    /// <summary>The new key is stored and the old one ends at the grace period's end.</summary>
    Rotated = 0,

    /// <summary>No key has this id.</summary>
    NotFound = 1,

    /// <summary>The key is already revoked: there is nothing to rotate.</summary>
    Revoked = 2,

    /// <summary>The key was already rotated; rotate its replacement instead.</summary>
    AlreadyRotated = 3,
}
