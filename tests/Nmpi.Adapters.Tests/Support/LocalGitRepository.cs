using System.Diagnostics;

namespace Nmpi.Adapters.Tests.Support;

/// <summary>A real git repository in a temporary directory, made with git init and one commit, reachable as a file:// URL.</summary>
public sealed class LocalGitRepository : IDisposable
{
    private LocalGitRepository(string directory)
    {
        Directory = directory;
    }

    /// <summary>The repository's working tree.</summary>
    public string Directory { get; }

    /// <summary>The repository as a file:// URL.</summary>
    public string Url => new Uri(Directory).AbsoluteUri;

    /// <summary>Creates the repository with the files (relative path to text) committed.</summary>
    public static LocalGitRepository Create(params (string Path, string Text)[] files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var directory = System.IO.Directory.CreateTempSubdirectory("nmpi-repo-").FullName;
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(directory, path);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        Git(directory, "init", "--quiet");
        Git(directory, "add", "--all");
        Git(directory, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "--quiet", "-m", "model");
        return new LocalGitRepository(directory);
    }

    /// <summary>Adds a symbolic link to the repository and commits it.</summary>
    public void CommitSymbolicLink(string path, string target)
    {
        File.CreateSymbolicLink(Path.Combine(Directory, path), target);
        Git(Directory, "add", "--all");
        Git(Directory, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "--quiet", "-m", "link");
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static void Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        var errors = git.StandardError.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {errors}");
        }
    }
}
