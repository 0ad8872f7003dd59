using Nmpi.Cli.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cli.Tests;

/// <summary>What the server refuses, and a server that is not there: one line of advice each, exit 3 or 4.</summary>
[Collection(CliPostgresCollection.Name)]
public sealed class ServerErrorTests(PostgresFixture postgres) : IDisposable
{
    private readonly CliWorkspace _workspace = new();

    [Fact]
    public async Task UnreachableServer_NamesTheAddressAndHowToSetIt()
    {
        var address = $"http://127.0.0.1:{PlatformHost.FreePort()}";
        _workspace.Write("run.py", "print('hello')\n");
        _workspace.Config("collab_id: neuro", "default_platform: SpiNNaker", $"server: {address}", $"token: {PlatformHost.AliceToken}");

        var result = await _workspace.RunAsync("run", "run.py");

        Assert.Equal(4, result.ExitCode);
        var line = Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.StartsWith($"Cannot reach the nmpi server at {address} (Connection refused", line, StringComparison.Ordinal);
        Assert.EndsWith("check that it runs, or set `server:` in nmpi_config.yml or pass --server URL.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerRefusals_ReadAsAdvice()
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        _workspace.Write("run.py", "print('hello')\n");
        _workspace.Config("default_platform: SpiNNaker", $"server: {platform.GrpcUrl}");

        // An unknown or expired token.
        var expired = await _workspace.RunAsync("list", "--token", "token-expired-0123456789");
        Assert.Equal(3, expired.ExitCode);
        Assert.Equal(
            $"The server at {platform.GrpcUrl} refused your token (expired or invalid): run `nmpi login` (or `nmpi login --token NEW_TOKEN`), or fix `token:` in nmpi_config.yml or --token.",
            expired.Stderr.Trim());

        // A collab the user has no role in: refused at the code upload already.
        var noAccess = await _workspace.RunAsync("run", "run.py", "-c", "neuro", "--token", PlatformHost.CarolToken);
        Assert.Equal(3, noAccess.ExitCode);
        var noAccessLine = Assert.Single(noAccess.Stderr.Trim().Split('\n'));
        Assert.StartsWith("You have no access to that collab (", noAccessLine, StringComparison.Ordinal);
        Assert.Contains("'neuro'", noAccessLine, StringComparison.Ordinal);
        Assert.EndsWith("check `collab_id:` in nmpi_config.yml or -c/--collab, or ask the collab's administrators to add you.", noAccessLine, StringComparison.Ordinal);

        // A viewer may not submit.
        var viewer = await _workspace.RunAsync("run", "run.py", "-c", "neuro", "--token", PlatformHost.BobToken);
        Assert.Equal(3, viewer.ExitCode);
        var viewerLine = Assert.Single(viewer.Stderr.Trim().Split('\n'));
        Assert.StartsWith("Not allowed: ", viewerLine, StringComparison.Ordinal);
        Assert.EndsWith("Ask an administrator of the collab for the editor role, or use another collab with -c.", viewerLine, StringComparison.Ordinal);

        // A job that does not exist (or is not visible).
        var missing = await _workspace.RunAsync("status", "999999", "--token", PlatformHost.AliceToken);
        Assert.Equal(3, missing.ExitCode);
        Assert.EndsWith("`nmpi list` shows the jobs you can see.", missing.Stderr.Trim(), StringComparison.Ordinal);

        // A hardware_config the platform refuses: the field and the reason.
        _workspace.Config("default_platform: BrainScaleS", $"server: {platform.GrpcUrl}", "hardware_config:", "  WAFER_MODULE: twenty");
        var invalid = await _workspace.RunAsync("run", "run.py", "-c", "neuro", "--token", PlatformHost.AliceToken);
        Assert.Equal(3, invalid.ExitCode);
        var invalidLine = Assert.Single(invalid.Stderr.Trim().Split('\n'));
        Assert.StartsWith("The server refused the job: hardware_config.WAFER_MODULE: ", invalidLine, StringComparison.Ordinal);
    }

    public void Dispose() => _workspace.Dispose();
}
