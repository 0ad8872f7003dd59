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

    [Fact]
    public async Task Login_WithUsernameAndPassword_StoresASessionToken_AWrongPasswordIsRefused()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Nmpi:Auth:Users:0:Password"] = "alice's long password",
        });
        var credentials = Path.Combine(_workspace.ConfigHome, "nmpi", "credentials.yml");
        _workspace.Config("username: alice", $"server: {platform.GrpcUrl}");

        var wrong = await _workspace.RunWithInputAsync("not her password\n", "login", "--password-stdin");
        var login = await _workspace.RunWithInputAsync("alice's long password\n", "login", "--password-stdin");
        var list = await _workspace.RunAsync("list");

        Assert.Equal(3, wrong.ExitCode);
        Assert.Equal($"Wrong username or password for {platform.GrpcUrl}: check them and run `nmpi login -u alice` again.", wrong.Stderr.Trim());
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Equal($"Logged in to {platform.GrpcUrl} as alice; the token is stored in {credentials} (readable by you only).", login.Stdout.Trim());
        Assert.DoesNotContain("alice's long password", await File.ReadAllTextAsync(credentials), StringComparison.Ordinal);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.StartsWith("ID  STATUS", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredSession_SaysToSignInAgain()
    {
        await using var platform = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Nmpi:Auth:Users:0:Password"] = "alice's long password",
            ["Nmpi:Accounts:TokenLifetime"] = "00:00:10",
        });
        _workspace.Config("username: alice", $"server: {platform.GrpcUrl}");
        var login = await _workspace.RunWithInputAsync("alice's long password\n", "login", "--password-stdin");
        Assert.True(login.ExitCode == 0, login.ToString());

        // The stored session token lapses ten seconds after the login; every later command then says so.
        CliResult? refused = null;
        await Eventually.HoldsAsync(
            async () => (refused = await _workspace.RunAsync("list")).ExitCode != 0,
            TimeSpan.FromSeconds(120),
            "the session token to expire");

        Assert.Equal(3, refused!.ExitCode);
        Assert.Equal($"Your session at {platform.GrpcUrl} has expired: run `nmpi login` to sign in again.", refused.Stderr.Trim());
    }

    public void Dispose() => _workspace.Dispose();
}
