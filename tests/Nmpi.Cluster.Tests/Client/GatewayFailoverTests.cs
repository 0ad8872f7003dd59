using System.Diagnostics;
using Nmpi.Api.V1;
using Nmpi.Client;
using Nmpi.Cluster.Tests.Adapters;
using Nmpi.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Nmpi.Cluster.Tests.Client;

/// <summary>Clients and adapters that know two gateways keep working through the second when the first goes away.</summary>
[Collection(PostgresCollection.Name)]
public sealed class GatewayFailoverTests(PostgresFixture postgres, ITestOutputHelper output)
{
    // Generous: a deadline for a stuck test, not a measurement (the time taken is written to the output).
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Client_KnowingTwoGateways_SubmitsAndReadsThroughTheSecondWhenTheFirstStops()
    {
        await using var platform = await TwoGatewayPlatform.StartAsync(postgres);
        using var client = new NmpiClient(new NmpiClientOptions { Addresses = platform.GrpcUrls, Token = PlatformHost.AliceToken });
        var before = await client.SubmitAsync(Job("before"));

        await platform.First.StopSiloAsync();
        var clock = Stopwatch.StartNew();
        var after = await client.SubmitAsync(Job("after"));
        output.WriteLine($"first submit after the gateway stopped succeeded after {clock.Elapsed.TotalSeconds:F2} s");

        Assert.Contains((await client.GetJobAsync(after.Id)).Status, JobQuery.Queued);
        Assert.Equal(before.Id, (await client.GetJobAsync(before.Id)).Id);
        var listed = await client.ListJobsPageAsync(new JobQuery { Tag = "failover" });
        Assert.Equal([after.Id, before.Id], listed.Jobs.Select(j => j.Id));
    }

    [Fact]
    public async Task Adapter_KnowingTwoGateways_KeepsLeasingThroughTheSecondWhenTheFirstStops()
    {
        await using var platform = await TwoGatewayPlatform.StartAsync(postgres);
        await using var adapter = await SiteAdapterHost.StartAsync(platform.Second, settings: new Dictionary<string, string?> { ["GatewayUrl"] = platform.GrpcUrlList });
        using var client = new NmpiClient(new NmpiClientOptions { Addresses = [new Uri(platform.Second.GrpcUrl)], Token = PlatformHost.AliceToken });
        using var timeout = new CancellationTokenSource(Within);
        var first = await client.SubmitAsync(Job("before"), timeout.Token);
        Assert.Equal(JobStatus.Finished, (await first.WaitAsync(cancellationToken: timeout.Token)).Status);

        await platform.First.StopSiloAsync();
        var clock = Stopwatch.StartNew();
        var second = await client.SubmitAsync(Job("after"), timeout.Token);

        Assert.Equal(JobStatus.Finished, (await second.WaitAsync(cancellationToken: timeout.Token)).Status);
        output.WriteLine($"a job submitted after the gateway stopped finished after {clock.Elapsed.TotalSeconds:F2} s");
    }

    private static JobSubmission Job(string tag) =>
        new() { Source = JobSource.Inline("print('ran')\n"), Platform = "SpiNNaker", Collab = "neuro", Tags = ["failover", tag] };
}
