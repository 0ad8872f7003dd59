using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Rest.Jobs;

/// <summary>Our job statuses as the EBRAINS job queue v3 names them, and its status names as filters of ours.</summary>
/// <remarks>
/// v3 knows submitted, validated, running, mapped, finished, error and removed. Our cancelling is still running at the
/// site, so it shows as running; cancelled shows as error, so v3 clients that wait for finished or error stop waiting.
/// </remarks>
public static class RestStatus
{
    /// <summary>The v3 name of a status.</summary>
    public static string Name(Wire.JobStatus status) => status switch
    {
        Wire.JobStatus.Submitted => "submitted",
        Wire.JobStatus.Validated => "validated",
        Wire.JobStatus.Running or Wire.JobStatus.Cancelling => "running",
        Wire.JobStatus.Finished => "finished",
        Wire.JobStatus.Error or Wire.JobStatus.Cancelled => "error",
        Wire.JobStatus.Removed => "removed",
        _ => "submitted",
    };

    /// <summary>The statuses of ours a v3 status filter selects; null for a name v3 does not know.</summary>
    /// <remarks>"cancelled" and "cancelling" are accepted too, to select those alone.</remarks>
    public static IReadOnlyList<Wire.JobStatus>? Filter(string name) => name switch
    {
        "submitted" => [Wire.JobStatus.Submitted],
        "validated" => [Wire.JobStatus.Validated],
        "running" => [Wire.JobStatus.Running, Wire.JobStatus.Cancelling],
        "finished" => [Wire.JobStatus.Finished],
        "error" => [Wire.JobStatus.Error, Wire.JobStatus.Cancelled],
        "removed" => [Wire.JobStatus.Removed],
        "cancelled" => [Wire.JobStatus.Cancelled],
        "cancelling" => [Wire.JobStatus.Cancelling],

        // v3 lists "mapped" but never sets it: it selects nothing rather than failing.
        "mapped" => [],
        _ => null,
    };

    /// <summary>The names <see cref="Filter"/> accepts, for error messages.</summary>
    public const string Accepted = "submitted, validated, running, mapped, finished, error, removed, cancelled, cancelling";
}
