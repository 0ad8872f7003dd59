namespace Nmpi.GrainInterfaces.ProviderKeys;

/// <summary>Limits shared by the gateway's checks and the key grains.</summary>
public static class ProviderKeyLimits
{
    /// <summary>The longest grace period a rotation may give the old key.</summary>
    public static readonly TimeSpan MaxGrace = TimeSpan.FromDays(7);
}
