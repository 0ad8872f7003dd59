using Nmpi.Cli.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Quotas;

namespace Nmpi.Cli.Tests;

/// <summary>`nmpi quota` shows usage against limits; `nmpi quota request` asks for more; a refused submit says how much is left.</summary>
[Collection(CliPostgresCollection.Name)]
public sealed class QuotaCommandTests(PostgresFixture postgres) : IDisposable
{
    private readonly CliWorkspace _workspace = new();

    [Fact]
    public async Task Quota_ShowsLimits_RequestAsksForMore_AndAnExhaustedSubmitSaysWhatIsLeft()
    {
        await using var platform = await QuotaHost.StartAsync(postgres);
        _workspace.Config("collab_id: lab", "default_platform: SpiNNaker", $"server: {platform.GrpcUrl}", $"token: {QuotaHost.DaveToken}");
        await platform.Quotas(PlatformHost.AdminToken).SetAsync(QuotaHost.Lab, "SpiNNaker", 0.05);

        var shown = await _workspace.RunAsync("quota", "-c", "lab", "--output", "json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        var quota = Assert.Single(shown.Json().AsArray())!;
        Assert.Equal(("lab", "SpiNNaker", "core-hours", 0.05), ((string?)quota["collab"], (string?)quota["platform"], (string?)quota["units"], (double)quota["limit"]!));
        var table = await _workspace.RunAsync("quota");
        Assert.Contains("REMAINING", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("core-hours", table.Stdout, StringComparison.Ordinal);

        _workspace.Write("run.py", "print('hi')\n");
        var refused = await _workspace.RunAsync("submit", "run.py");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("0.05 core-hours left on SpiNNaker", refused.Stderr + refused.Stdout, StringComparison.Ordinal);

        var request = await _workspace.RunAsync("quota", "request", "-c", "lab", "--title", "More SpiNNaker", "--amount", "SpiNNaker=10", "--submit");
        Assert.True(request.ExitCode == 0, request.ToString());
        Assert.Contains("is under review", request.Stdout, StringComparison.Ordinal);
        var listed = await platform.Quotas(PlatformHost.AdminToken).ListResourceRequestsAsync(new Nmpi.Api.V1.ListResourceRequestsRequest { Collab = "lab" });
        Assert.Equal(("More SpiNNaker", 10.0), (listed.Requests[0].Title, listed.Requests[0].Requested[0].Amount));

        var bad = await _workspace.RunAsync("quota", "request", "-c", "lab", "--title", "x", "--amount", "SpiNNaker:10");
        Assert.Equal(2, bad.ExitCode);
    }

    public void Dispose() => _workspace.Dispose();
}
