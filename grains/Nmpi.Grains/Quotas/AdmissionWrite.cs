using Nmpi.GrainInterfaces.Quotas;
using Nmpi.Grains.Storage;

namespace Nmpi.Grains.Quotas;

/// <summary>
/// The statements that reserve a job's quota, committed in the same transaction as the job's row (whose insert
/// requires the reservation they write), and the verdict read from their own rows after the commit.
/// </summary>
public sealed class AdmissionWrite(IReadOnlyList<StoreStatement> statements, Func<QuotaShortfall?> shortfall)
{
    /// <summary>The statements to run before the job's insert, in order.</summary>
    public IReadOnlyList<StoreStatement> Statements { get; } = statements;

    /// <summary>After the commit: throws when the submit was refused; the job was not stored then.</summary>
    public void Check()
    {
        if (shortfall() is { } refused)
        {
            throw new QuotaRejectedException(QuotaRejection.Exhausted, refused.Describe(units: null), shortfall: refused);
        }
    }
}
