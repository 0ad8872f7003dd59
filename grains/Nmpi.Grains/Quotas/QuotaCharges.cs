using Nmpi.GrainInterfaces.Jobs;
using Nmpi.GrainInterfaces.Quotas;

namespace Nmpi.Grains.Quotas;

/// <summary>Turns an ended job into its charge: what the adapter reported (nothing reported charges 0).</summary>
public static class QuotaCharges
{
    /// <summary>The charge of an ended job.</summary>
    public static QuotaCharge For(JobSnapshot job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new QuotaCharge(
            job.Id, job.Spec.UserId, job.Spec.RequestId, job.Spec.Collab, job.Spec.Platform,
            QuotaRule.ChargeAmount(job.ResourceUsage?.Value), job.ResourceUsage?.Units);
    }
}
