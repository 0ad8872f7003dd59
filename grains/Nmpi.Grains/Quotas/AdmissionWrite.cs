using Nmpi.GrainInterfaces.Quotas;
using Npgsql;

namespace Nmpi.Grains.Quotas;

/// <summary>
/// The statements that reserve a job's quota, committed in the same transaction as the job's row, and the
/// condition that row's insert carries, so a job is stored exactly when its reservation is.
/// </summary>
public sealed class AdmissionWrite(IReadOnlyList<NpgsqlBatchCommand> statements, string jobGuard, Func<IReadOnlyList<IReadOnlyList<object?[]>>, QuotaShortfall?> verdict)
{
    /// <summary>The statements to run before the job's insert, in order.</summary>
    public IReadOnlyList<NpgsqlBatchCommand> Statements { get; } = statements;

    /// <summary>
    /// A SQL condition for the job insert, over its parameters $1 (request id) and $3 (user id): true once the
    /// reservation exists.
    /// </summary>
    public string JobGuard { get; } = jobGuard;

    /// <summary>Throws when the committed rows show the submit was refused; the job was not stored then.</summary>
    public void Check(IReadOnlyList<IReadOnlyList<object?[]>> rows)
    {
        if (verdict(rows) is { } shortfall)
        {
            throw new QuotaRejectedException(QuotaRejection.Exhausted, shortfall.Describe(units: null), shortfall: shortfall);
        }
    }
}
