using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Nmpi.Api.V1;
using Nmpi.Cli.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cli.Tests;

/// <summary>`nmpi logout [--all]` revokes the stored token on the server, and forgets it even when the server cannot be reached.</summary>
[Collection(CliPostgresCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed partial class LogoutTests(PostgresFixture postgres) : IDisposable
{
    private const string Password = "alice's long password";
    private readonly CliWorkspace _workspace = new();

    private string Credentials => Path.Combine(_workspace.ConfigHome, "nmpi", "credentials.yml");

    [Fact]
    public async Task Logout_RevokesTheStoredToken_OnTheServer_AndForgetsIt()
    {
        await using var platform = await StartAsync();
        var token = await LoginAsync();
        Assert.Equal("alice", (await AccountsAs(platform, token).WhoAmIAsync(new WhoAmIRequest())).User.UserId);

        var logout = await _workspace.RunAsync("logout");
        var refused = await Assert.ThrowsAsync<RpcException>(() => AccountsAs(platform, token).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
        var again = await _workspace.RunAsync("logout");

        Assert.True(logout.ExitCode == 0, logout.ToString());
        Assert.Equal($"Logged out of {platform.GrpcUrl}: the server revoked the token; its token is forgotten here.", logout.Stdout.Trim());
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.DoesNotContain(token, await File.ReadAllTextAsync(Credentials), StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal($"No token was stored for {platform.GrpcUrl}.", again.Stdout.Trim());
    }

    [Fact]
    public async Task LogoutAll_EndsEverySessionOfTheUser_AndATokenRevokedAlreadyIsStillForgotten()
    {
        await using var platform = await StartAsync();
        var notebook = await LoginAsync();
        var laptop = await LoginAsync();

        var logout = await _workspace.RunAsync("logout", "--all");
        var notebookRefused = await Assert.ThrowsAsync<RpcException>(() => AccountsAs(platform, notebook).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
        var laptopRefused = await Assert.ThrowsAsync<RpcException>(() => AccountsAs(platform, laptop).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);

        Assert.True(logout.ExitCode == 0, logout.ToString());
        Assert.Equal($"Logged out of {platform.GrpcUrl}: the server revoked 2 tokens; its token is forgotten here.", logout.Stdout.Trim());
        Assert.Equal(StatusCode.Unauthenticated, notebookRefused.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, laptopRefused.StatusCode);

        // A token the server revoked meanwhile (here: from another machine) is forgotten all the same.
        var third = await LoginAsync();
        await AccountsAs(platform, third).LogoutAsync(new LogoutRequest());
        var stale = await _workspace.RunAsync("logout");
        Assert.True(stale.ExitCode == 0, stale.ToString());
        Assert.Equal($"Logged out of {platform.GrpcUrl}: the server no longer accepted the token (expired or revoked already); its token is forgotten here.", stale.Stdout.Trim());
        Assert.DoesNotContain(third, await File.ReadAllTextAsync(Credentials), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_WithTheServerDown_ForgetsTheTokenLocally_AndSaysItWasNotRevoked()
    {
        string server;
        string token;
        await using (var platform = await StartAsync())
        {
            server = platform.GrpcUrl;
            token = await LoginAsync();
        }

        var logout = await _workspace.RunAsync("logout", "--server", server);

        Assert.Equal(4, logout.ExitCode);
        Assert.Equal(
            $"Logged out of {server}: the server could not be reached, so the token was not revoked and stays valid until it expires; its token is forgotten here.",
            logout.Stderr.Trim());
        Assert.DoesNotContain(token, await File.ReadAllTextAsync(Credentials), StringComparison.Ordinal);
    }

    public void Dispose() => _workspace.Dispose();

    private async Task<PlatformHost> StartAsync()
    {
        var platform = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?> { ["Nmpi:Auth:Users:0:Password"] = Password });
        _workspace.Config("username: alice", $"server: {platform.GrpcUrl}");
        return platform;
    }

    // Signs in with the CLI and returns the session token it stored.
    private async Task<string> LoginAsync()
    {
        var login = await _workspace.RunWithInputAsync(Password + "\n", "login", "--password-stdin");
        Assert.True(login.ExitCode == 0, login.ToString());
        return SessionToken().Match(await File.ReadAllTextAsync(Credentials)).Value;
    }

    private static Accounts.AccountsClient AccountsAs(PlatformHost host, string token) =>
        new(host.Channel.Intercept(headers =>
        {
            headers.Add("authorization", $"Bearer {token}");
            return headers;
        }));

    [GeneratedRegex(@"eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+")]
    private static partial Regex SessionToken();
}
