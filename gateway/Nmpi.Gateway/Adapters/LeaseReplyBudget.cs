using Google.Protobuf;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Adapters;

/// <summary>
/// Fills a LeaseJobs reply up to a byte budget below the adapter's receive limit: a reply the adapter cannot receive
/// would strand every lease in it. The first job always goes (a job spec is capped far below the budget).
/// </summary>
public static class LeaseReplyBudget
{
    /// <summary>Splits the leased jobs, in order, into those the reply carries and those to give back to the queue.</summary>
    public static (IReadOnlyList<Wire.LeasedJob> Sent, IReadOnlyList<Wire.LeasedJob> Over) Fit(IEnumerable<Wire.LeasedJob> jobs, int budgetBytes)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var sent = new List<Wire.LeasedJob>();
        var over = new List<Wire.LeasedJob>();
        long size = 0;
        foreach (var job in jobs)
        {
            // The bytes this entry adds to the repeated field: tag, length prefix and the message.
            var entry = job.CalculateSize();
            var added = 1 + CodedOutputStream.ComputeLengthSize(entry) + entry;
            if (sent.Count > 0 && (over.Count > 0 || size + added > budgetBytes))
            {
                over.Add(job);
                continue;
            }

            sent.Add(job);
            size += added;
        }

        return (sent, over);
    }
}
