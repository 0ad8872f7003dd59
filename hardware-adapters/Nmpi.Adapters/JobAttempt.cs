using System.Globalization;
using Nmpi.Api.V1;

namespace Nmpi.Adapters;

/// <summary>
/// One run of a job on this adapter: the job and the lease epoch it runs under. Everything the adapter makes for a run
/// (its directory, cgroups, user id, log stream) is keyed by it, so tearing down an old attempt never reaches a new one.
/// </summary>
/// <param name="JobId">The job's id.</param>
/// <param name="Epoch">The epoch of the lease the attempt runs under.</param>
public readonly record struct JobAttempt(long JobId, long Epoch)
{
    /// <summary>The name of the attempt's directory and cgroups, e.g. <c>job_882.2</c>.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"job_{JobId}.{Epoch}");

    /// <summary>The attempt a lease stands for.</summary>
    public static JobAttempt Of(LeaseRef lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return new JobAttempt(lease.JobId, lease.Epoch);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"job {JobId} (epoch {Epoch})");
}
