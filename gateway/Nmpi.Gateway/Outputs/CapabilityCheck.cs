namespace Nmpi.Gateway.Outputs;

/// <summary>The outcome of checking a capability token.</summary>
public enum CapabilityCheck
{
    /// <summary>Signed by this deployment and not yet expired.</summary>
    Valid = 1,

    /// <summary>Malformed or not signed with the deployment's key (HTTP 403).</summary>
    Invalid = 2,

    /// <summary>Genuine but past its expiry (HTTP 410).</summary>
    Expired = 3,
}
