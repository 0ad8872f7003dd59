using Nmpi.Adapters.Execution;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Adapters;

/// <summary>A failure of the site's own making, before the job's code ran: reported as the platform's, retried, never blamed on the user.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PlatformFailureTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    // Leases long enough for the test to stop the broken adapter before the given-up lease lapses.
    private static readonly Dictionary<string, string?> Leases = new()
    {
        ["Nmpi:Jobs:LeaseDuration"] = "00:00:08",
        ["Nmpi:Jobs:HeartbeatInterval"] = "00:00:00.500",
        ["Nmpi:Scheduling:SweepInterval"] = "00:00:00.200",
    };

    [Fact]
    public async Task Job_WhoseSandboxFailsBeforeItsCodeStarts_IsRetriedElsewhereAndNeverEndsAsAUserCodeError()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, Leases);
        var alice = platform.Jobs(PlatformHost.AliceToken);

        // A real misconfigured site: its Python is a link the adapter sees (its start-up probe passes) but the sandbox does not.
        var tools = Directory.CreateTempSubdirectory("nmpi-broken-site-").FullName;
        try
        {
            File.CreateSymbolicLink(Path.Combine(tools, "python3"), "/usr/bin/python3");
            var broken = await SiteAdapterHost.StartAsync(platform, capacity: 1, settings: new Dictionary<string, string?> { ["Python"] = Path.Combine(tools, "python3") });
            var request = JobRequests.Inline();
            request.Code = new JobCode { Inline = "open('result.txt', 'w').write('done')\nprint('ran')\n" };
            var submitted = await alice.SubmitJobAsync(request);

            await Eventually.HoldsAsync(async () => (await LogAsync(alice, submitted.Id)).Contains("[nmpi] the site's sandbox failed before the job's code started", StringComparison.Ordinal), Within, "the broken site to give the job up");
            await broken.DisposeAsync();
            await using var healthy = await SiteAdapterHost.StartAsync(platform, capacity: 1);
            var job = await JobRequests.WaitForStatusAsync(alice, submitted.Id, JobStatus.Finished, Within);

            Assert.True(job.Attempt >= 2, $"attempt {job.Attempt}");
            Assert.Contains(job.History, t => t.From == JobStatus.Running && t.To == JobStatus.Submitted);
            Assert.Contains(job.OutputData, o => o.Path == "result.txt");
            var log = await LogAsync(alice, submitted.Id);
            Assert.Contains("python3 not found", log, StringComparison.Ordinal);
            Assert.Contains("the platform runs the job again", log, StringComparison.Ordinal);
            Assert.DoesNotContain(SandboxedProcess.StartMarker, log, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(tools, recursive: true);
        }
    }

    private static async Task<string> LogAsync(Jobs.JobsClient client, long id)
    {
        var log = await client.GetJobLogAsync(new GetJobLogRequest { Id = id });
        return string.Concat(log.Chunks.Select(c => c.Text));
    }
}
