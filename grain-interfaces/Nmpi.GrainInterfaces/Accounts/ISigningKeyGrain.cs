namespace Nmpi.GrainInterfaces.Accounts;

/// <summary>The keys that sign the gateway's bearer tokens (key 0): one current key, created on first use, shared by all gateways.</summary>
[Alias("nmpi.ISigningKeyGrain")]
public interface ISigningKeyGrain : IGrainWithIntegerKey
{
    /// <summary>Returns the keys not retired, newest first; creates one when there is none.</summary>
    [Alias("GetKeys")]
    Task<IReadOnlyList<SigningKey>> GetKeysAsync();

    /// <summary>Creates a new current key; tokens signed by older keys stay valid until those are retired.</summary>
    [Alias("Rotate")]
    Task<SigningKey> RotateAsync();

    /// <summary>Retires a key: tokens it signed are refused from then on.</summary>
    [Alias("Retire")]
    Task RetireAsync(string keyId);
}
