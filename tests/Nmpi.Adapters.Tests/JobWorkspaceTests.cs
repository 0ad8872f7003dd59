
namespace Nmpi.Adapters.Tests;

/// <summary>The job directory on its own: paths that stay inside it, and telling the run's files apart.</summary>
public sealed class JobWorkspaceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmpi-workspace-").FullName;

    [Theory]
    [InlineData("../run.py")]
    [InlineData("sub/../../run.py")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    public void ScriptPath_LeadingOutOfTheDirectory_IsRefused(string path)
    {
        var workspace = JobWorkspace.Create(_root, new JobAttempt(7, 1));

        Assert.Null(workspace.Resolve(path));
    }

    [Theory]
    [InlineData("run.py")]
    [InlineData("scripts/run.py")]
    [InlineData("a/../run.py")]
    public void ScriptPath_InsideTheDirectory_Resolves(string path)
    {
        var workspace = JobWorkspace.Create(_root, new JobAttempt(7, 1));

        Assert.StartsWith(Path.Combine(_root, "job_7.1") + "/", workspace.Resolve(path), StringComparison.Ordinal);
    }

    [Fact]
    public void ChangedFiles_AreTheNewAndModifiedOnesOnly()
    {
        var workspace = JobWorkspace.Create(_root, new JobAttempt(8, 1));
        File.WriteAllText(Path.Combine(workspace.Directory, "run.py"), "print(1)");
        File.WriteAllText(Path.Combine(workspace.Directory, "input.txt"), "in");
        File.WriteAllText(Path.Combine(workspace.Directory, "kept.txt"), "same");
        workspace.Snapshot();

        File.AppendAllText(Path.Combine(workspace.Directory, "input.txt"), "more");
        Directory.CreateDirectory(Path.Combine(workspace.Directory, "out"));
        File.WriteAllText(Path.Combine(workspace.Directory, "out", "spikes.csv"), "1,2");

        Assert.Equal(["input.txt", "out/spikes.csv"], workspace.ChangedFiles());
    }

    [Fact]
    public void Command_WithoutOne_RunsRunPyWithTheBackend()
    {
        var command = JobCommand.Parse("", "brian2");

        Assert.Equal("run.py", command.Script);
        Assert.Equal(["brian2"], command.Arguments);
        Assert.Equal(["--backend=nest", "-v"], JobCommand.Parse("main.py  --backend={system} -v", "nest").Arguments);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
