using Nmpi.Cli.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cli.Tests;

/// <summary>`nmpi collabs` lists your collabs; create, add, set-role, remove and show manage one you administer.</summary>
[Collection(CliPostgresCollection.Name)]
public sealed class CollabCommandTests(PostgresFixture postgres) : IDisposable
{
    private readonly CliWorkspace _workspace = new();

    [Fact]
    public async Task Collabs_ListsMine_AndManagesOneIAdminister()
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        _workspace.Config($"server: {platform.GrpcUrl}", $"token: {PlatformHost.AliceToken}");

        var mine = await _workspace.RunAsync("collabs", "--output", "json");
        Assert.True(mine.ExitCode == 0, mine.ToString());
        var roles = mine.Json().AsArray().ToDictionary(c => (string)c!["id"]!, c => (string?)c!["role"]);
        Assert.Equal("editor", roles["neuro"]);
        Assert.DoesNotContain("other", roles.Keys);

        var created = await _workspace.RunAsync("collabs", "create", "alice-lab", "--title", "Alice's lab");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("Created collab 'alice-lab'", created.Stdout, StringComparison.Ordinal);

        var added = await _workspace.RunAsync("collabs", "add", "alice-lab", "bob", "--role", "editor");
        Assert.True(added.ExitCode == 0, added.ToString());
        var shown = await _workspace.RunAsync("collabs", "show", "alice-lab", "--output", "json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        var members = shown.Json()["members"]!.AsArray().ToDictionary(m => (string)m!["user_id"]!, m => (string?)m!["role"]);
        Assert.Equal(new Dictionary<string, string?> { ["alice"] = "administrator", ["bob"] = "editor" }, members);

        var demoted = await _workspace.RunAsync("collabs", "set-role", "alice-lab", "bob", "viewer");
        Assert.True(demoted.ExitCode == 0, demoted.ToString());
        Assert.Matches(@"(?m)^bob +viewer +alice$", demoted.Stdout);
        var removed = await _workspace.RunAsync("collabs", "remove", "alice-lab", "bob", "--output", "json");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Single(removed.Json()["members"]!.AsArray());

        var table = await _workspace.RunAsync("collabs");
        Assert.Matches(@"(?m)^alice-lab +administrator +Alice's lab$", table.Stdout);

        var badRole = await _workspace.RunAsync("collabs", "add", "alice-lab", "bob", "--role", "owner");
        Assert.Equal(2, badRole.ExitCode);
        Assert.Contains("Unknown role 'owner': the roles are viewer, editor, administrator.", badRole.Stderr, StringComparison.Ordinal);

        // A collab alice has no role in does not exist for her.
        var hidden = await _workspace.RunAsync("collabs", "show", "other");
        Assert.Equal(3, hidden.ExitCode);
        Assert.Contains("other", hidden.Stderr, StringComparison.Ordinal);

        // Managing members needs the administrator role.
        var notAdmin = await _workspace.RunAsync("collabs", "add", "neuro", "carol");
        Assert.Equal(3, notAdmin.ExitCode);
    }

    public void Dispose() => _workspace.Dispose();
}
