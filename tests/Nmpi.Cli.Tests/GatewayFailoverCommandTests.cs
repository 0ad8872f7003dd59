using System.Globalization;
using Google.Protobuf;
using Nmpi.Api.V1;
using Nmpi.Cli.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cli.Tests;

/// <summary>nmpi told about two gateways (nmpi_config.yml list or --server a,b) keeps working when the first one is gone.</summary>
[Collection(CliPostgresCollection.Name)]
public sealed class GatewayFailoverCommandTests(PostgresFixture postgres) : IDisposable
{
    private readonly CliWorkspace _workspace = new();

    [Fact]
    public async Task Submit_And_Status_WithTwoServers_GoThroughTheSecondWhenTheFirstStops()
    {
        await using var platform = await TwoGatewayPlatform.StartAsync(postgres);
        _workspace.Config("collab_id: neuro", "default_platform: SpiNNaker", "server:", $"  - {platform.First.GrpcUrl}", $"  - {platform.Second.GrpcUrl}", $"token: {PlatformHost.AliceToken}");
        _workspace.Write("run.py", "print('ran')\n");
        var before = await _workspace.RunAsync("submit", "run.py", "--output", "json");
        Assert.True(before.ExitCode == 0, before.ToString());

        await platform.First.StopSiloAsync();
        var after = await _workspace.RunAsync("submit", "run.py", "--output", "json");
        Assert.True(after.ExitCode == 0, after.ToString());
        var id = JsonParser.Default.Parse<Job>(after.Stdout).Id.ToString(CultureInfo.InvariantCulture);

        var status = await _workspace.RunAsync("status", id);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.StartsWith($"Job {id}: ", status.Stdout, StringComparison.Ordinal);

        // The same list on the command line, comma-separated, overrides the file's.
        var earlier = JsonParser.Default.Parse<Job>(before.Stdout).Id.ToString(CultureInfo.InvariantCulture);
        var byOption = await _workspace.RunAsync("status", earlier, "--server", platform.GrpcUrlList);
        Assert.True(byOption.ExitCode == 0, byOption.ToString());
        Assert.StartsWith($"Job {earlier}: ", byOption.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _workspace.Dispose();
}
