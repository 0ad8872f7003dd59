namespace Nmpi.Adapters.Tests.Platforms;

/// <summary>What set-up put into the job directory is never reported as the job's output.</summary>
public sealed class OutputExclusionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmpi-exclude-").FullName;

    [Fact]
    public void FilesUnderExcludedDirectories_AreNotOutputs_EvenWhenTheRunWritesThem()
    {
        var workspace = JobWorkspace.Create(_root, new JobAttempt(3, 1));
        Directory.CreateDirectory(Path.Combine(workspace.Directory, ".venv", "lib"));
        Directory.CreateDirectory(Path.Combine(workspace.Directory, "repo"));
        workspace.ExcludeFromOutputs([".venv", "repo"]);
        workspace.Snapshot();

        File.WriteAllText(Path.Combine(workspace.Directory, ".venv", "lib", "cache.pyc"), "x");
        File.WriteAllText(Path.Combine(workspace.Directory, "repo", "module.pyc"), "x");
        File.WriteAllText(Path.Combine(workspace.Directory, "repository.txt"), "a result whose name starts like an excluded directory");

        Assert.Equal(["repository.txt"], workspace.ChangedFiles());
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
