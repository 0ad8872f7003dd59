namespace Nmpi.Gateway.Auth;

/// <summary>The outcome of checking a session token; only <see cref="Valid"/> authenticates.</summary>
public enum SessionTokenCheck
{
    Valid,
    Malformed,
    /// <summary>Not HS256 (for example "alg": "none").</summary>
    WrongAlgorithm,
    /// <summary>Names a key that is unknown or retired.</summary>
    UnknownKey,
    BadSignature,
    Expired,
}
