namespace Nmpi.GrainInterfaces.Quotas;

/// <summary>The machine-readable kinds of refusal of a quota or request operation.</summary>
[GenerateSerializer, Alias("nmpi.QuotaRejection")]
public enum QuotaRejection
{
    /// <summary>No such request (or the caller may not see it).</summary>
    NotFound = 1,
    /// <summary>The request is not in a state that allows the move.</summary>
    InvalidTransition = 2,
    /// <summary>The collab's remaining quota does not cover the job's reservation.</summary>
    Exhausted = 3,
    /// <summary>The input is malformed.</summary>
    InvalidArgument = 4,
    /// <summary>The caller may see the request but not do this to it.</summary>
    PermissionDenied = 5,
}
