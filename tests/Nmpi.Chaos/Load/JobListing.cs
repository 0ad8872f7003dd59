using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Chaos.Analysis;

namespace Nmpi.Chaos.Load;

/// <summary>Reads every job of the run's collab from the platform, each with the key its script's first line carries.</summary>
public static class JobListing
{
    /// <summary>All jobs of the collab, through whichever gateway answers; null when none does.</summary>
    public static async Task<IReadOnlyList<JobOutcome>?> ReadAsync(GatewayClients gateways, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        for (var gateway = 0; gateway < gateways.Count; gateway++)
        {
            try
            {
                var outcomes = new List<JobOutcome>();
                var request = new ListJobsRequest { Collab = Platform.ChaosCluster.Collab, PageSize = 500 };
                do
                {
                    var page = await gateways.Jobs(gateway).ListJobsAsync(request, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken);
                    outcomes.AddRange(page.Jobs.Select(j => new JobOutcome(
                        j.Id,
                        JobScript.KeyOf(j.Code?.InlinePreview ?? j.Code?.Inline ?? "") ?? $"(job {j.Id} without a key)",
                        j.Status,
                        j.Failure?.Reason ?? FailureReason.Unspecified,
                        j.Failure?.Message ?? "")));
                    request.PageToken = page.NextPageToken;
                }
                while (request.PageToken.Length > 0);
                return outcomes;
            }
            catch (RpcException)
            {
                // The next gateway may answer.
            }
        }

        return null;
    }

    /// <summary>Polls the listing until every job is in a final state or the deadline passes; returns the last listing.</summary>
    public static async Task<IReadOnlyList<JobOutcome>> DrainAsync(GatewayClients gateways, int expected, TimeSpan within, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var deadline = DateTimeOffset.UtcNow + within;
        IReadOnlyList<JobOutcome> last = [];
        var reported = DateTimeOffset.MinValue;
        while (true)
        {
            last = await ReadAsync(gateways, cancellationToken) ?? last;
            var open = last.Count(o => !o.Terminal);
            if ((last.Count >= expected && open == 0) || DateTimeOffset.UtcNow > deadline)
            {
                return last;
            }

            if (DateTimeOffset.UtcNow - reported > TimeSpan.FromSeconds(30))
            {
                progress.WriteLine($"draining: {open} of {last.Count} jobs not ended yet");
                reported = DateTimeOffset.UtcNow;
            }

            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }
    }
}
