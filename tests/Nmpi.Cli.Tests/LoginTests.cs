using System.Runtime.Versioning;
using Nmpi.Cli.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cli.Tests;

/// <summary>`nmpi login --token` checks the token before keeping it, in a file only its owner reads; `logout` forgets it.</summary>
[Collection(CliPostgresCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class LoginTests(PostgresFixture postgres) : IDisposable
{
    private readonly CliWorkspace _workspace = new();

    [Fact]
    public async Task Login_ChecksAndStoresTheToken_LaterCommandsUseIt_LogoutForgetsIt()
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        var credentials = Path.Combine(_workspace.ConfigHome, "nmpi", "credentials.yml");

        var refused = await _workspace.RunAsync("login", "--server", platform.GrpcUrl, "--token", "token-wrong-0123456789");
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("refused your token", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(credentials), "a refused token must not be stored");

        var login = await _workspace.RunAsync("login", "--server", platform.GrpcUrl, "--token", PlatformHost.AliceToken);
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Equal($"Logged in to {platform.GrpcUrl}; the token is stored in {credentials} (readable by you only).", login.Stdout.Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(credentials));
        Assert.Contains(PlatformHost.AliceToken, await File.ReadAllTextAsync(credentials), StringComparison.Ordinal);

        // No --server and no --token: the server logged in to last, with its stored token.
        var list = await _workspace.RunAsync("list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.StartsWith("ID  STATUS", list.Stdout, StringComparison.Ordinal);

        var logout = await _workspace.RunAsync("logout", "--server", platform.GrpcUrl);
        Assert.True(logout.ExitCode == 0, logout.ToString());
        var after = await _workspace.RunAsync("list", "--server", platform.GrpcUrl);
        Assert.Equal(2, after.ExitCode);
        Assert.StartsWith($"No token for {platform.GrpcUrl}: run `nmpi login --token TOKEN`", after.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(PlatformHost.AliceToken, await File.ReadAllTextAsync(credentials), StringComparison.Ordinal);
    }

    public void Dispose() => _workspace.Dispose();
}
