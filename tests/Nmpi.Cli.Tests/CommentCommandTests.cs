using Google.Protobuf;
using Nmpi.Api.V1;
using Nmpi.Cli.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cli.Tests;

/// <summary>`nmpi comment add|edit|delete`: a user comments on a job, edits and deletes their own comment, and nobody else's.</summary>
[Collection(CliPostgresCollection.Name)]
public sealed class CommentCommandTests(PostgresFixture postgres) : IDisposable
{
    private readonly CliWorkspace _alice = new();
    private readonly CliWorkspace _bob = new();

    [Fact]
    public async Task Comment_AddEditDelete_ChangesOnlyOnesOwnComment_AndTheJobShowsIt()
    {
        await using var platform = await PlatformHost.StartAsync(postgres);
        _alice.Config("collab_id: neuro", $"server: {platform.GrpcUrl}", $"token: {PlatformHost.AliceToken}");
        _bob.Config("collab_id: neuro", $"server: {platform.GrpcUrl}", $"token: {PlatformHost.BobToken}");
        var jobs = platform.Jobs(PlatformHost.AliceToken);
        var job = (await jobs.SubmitJobAsync(JobRequests.Inline())).Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var added = await _alice.RunAsync("comment", "add", job, "first **draft**", "--output", "json");
        Assert.True(added.ExitCode == 0, added.ToString());
        var comment = JsonParser.Default.Parse<Comment>(added.Stdout);
        Assert.Equal(("alice", "first **draft**"), (comment.UserId, comment.Text));
        var id = comment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var edited = await _alice.RunAsync("comment", "edit", job, id, "final");
        Assert.True(edited.ExitCode == 0, edited.ToString());
        Assert.Equal($"Comment {id} on job {job} edited.", edited.Stdout.Trim());
        Assert.Equal(["final"], await TextsAsync(jobs, job));

        // Bob may read the job (viewer of neuro) but not touch alice's comment; it is as if it did not exist.
        var bobsEdit = await _bob.RunAsync("comment", "edit", job, id, "mine now");
        var bobsDelete = await _bob.RunAsync("comment", "delete", job, id);
        Assert.NotEqual(0, bobsEdit.ExitCode);
        Assert.NotEqual(0, bobsDelete.ExitCode);
        Assert.Contains($"Comment {id} of job {job} not found", bobsEdit.Stderr, StringComparison.Ordinal);
        Assert.Equal(["final"], await TextsAsync(jobs, job));

        var deleted = await _alice.RunAsync("comment", "delete", job, id, "--output", "json");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal("final", JsonParser.Default.Parse<Comment>(deleted.Stdout).Text);
        Assert.Empty(await TextsAsync(jobs, job));

        var again = await _alice.RunAsync("comment", "delete", job, id);
        Assert.NotEqual(0, again.ExitCode);
        var usage = await _alice.RunAsync("comment", "edit", job, "not-a-number", "x");
        Assert.Equal(2, usage.ExitCode);
    }

    private static async Task<string[]> TextsAsync(Jobs.JobsClient jobs, string id) =>
        [.. (await jobs.GetJobAsync(new GetJobRequest { Id = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture) })).Comments.Select(c => c.Text)];

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }
}
