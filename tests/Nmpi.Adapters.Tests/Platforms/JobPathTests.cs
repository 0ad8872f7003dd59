using Nmpi.Adapters.Platforms;

namespace Nmpi.Adapters.Tests.Platforms;

/// <summary>Paths a job names for its set-up steps stay inside its job directory, on paper and on disk.</summary>
public sealed class JobPathTests : IDisposable
{
    private readonly string _job = Directory.CreateTempSubdirectory("nmpi-jobpath-").FullName;

    [Theory]
    [InlineData("..", "leads out of the job directory")]
    [InlineData("../other", "leads out of the job directory")]
    [InlineData("a/../../b", "leads out of the job directory")]
    [InlineData("/etc", "must be relative to the job directory")]
    [InlineData("~/src", "must be relative to the job directory")]
    [InlineData("", "is empty")]
    [InlineData("  ", "is empty")]
    [InlineData("a\0b", "contains a NUL character")]
    public void TextLeadingOut_IsRefusedWithTheReason(string path, string reason)
    {
        Assert.EndsWith(reason, JobPath.TextProblem(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("repo")]
    [InlineData("./repo/c_code")]
    [InlineData("repo/../other")]
    public void TextInside_IsAccepted(string path)
    {
        Assert.Null(JobPath.TextProblem(path));
    }

    [Fact]
    public void ExistingDirectory_ResolvesToItsAbsolutePath()
    {
        Directory.CreateDirectory(Path.Combine(_job, "repo", "c_code"));

        Assert.Equal(Path.Combine(_job, "repo", "c_code"), JobPath.ResolveExisting(_job, "./repo/c_code/", out var problem));
        Assert.Null(problem);
        Assert.Equal(_job, JobPath.ResolveExisting(_job, ".", out _));
    }

    [Fact]
    public void MissingDirectory_IsRefused()
    {
        Assert.Null(JobPath.ResolveExisting(_job, "repo/c_code", out var problem));
        Assert.Equal("'repo/c_code' does not exist in the job directory", problem);
    }

    [Fact]
    public void PathThroughASymbolicLink_IsRefused_EvenWhenTheLinkPointsInside()
    {
        var outside = Directory.CreateTempSubdirectory("nmpi-outside-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(_job, "real"));
            Directory.CreateSymbolicLink(Path.Combine(_job, "escape"), outside);
            Directory.CreateSymbolicLink(Path.Combine(_job, "inside"), Path.Combine(_job, "real"));

            Assert.Null(JobPath.ResolveExisting(_job, "escape", out var problem));
            Assert.Equal("'escape' passes through a symbolic link", problem);
            Assert.Null(JobPath.ResolveExisting(_job, "inside/.", out problem));
            Assert.Equal("'inside/.' passes through a symbolic link", problem);
        }
        finally
        {
            Directory.Delete(outside);
        }
    }

    public void Dispose() => Directory.Delete(_job, recursive: true);
}
