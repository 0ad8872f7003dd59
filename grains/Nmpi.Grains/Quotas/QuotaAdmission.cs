using Microsoft.Extensions.Options;
using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Grains.Quotas;

/// <summary>Builds the reservation a submit commits with its job: the platform's estimate, and a first-job test quota where configured.</summary>
public sealed class QuotaAdmission(QuotaStore store, IOptions<QuotaOptions> options)
{
    /// <summary>The admission statements for this job.</summary>
    public AdmissionWrite For(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var settings = options.Value;
        return store.Admission(
            spec.Collab, spec.Platform, spec.UserId, spec.RequestId,
            settings.ReservationFor(spec.Platform), settings.TestQuotaFor(spec.Platform));
    }
}
