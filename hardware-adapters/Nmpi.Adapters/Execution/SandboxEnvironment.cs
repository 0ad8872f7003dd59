namespace Nmpi.Adapters.Execution;

/// <summary>
/// The whole environment a job's process starts with: nothing of the adapter's own (where keys and site settings may
/// be), a fixed PATH, HOME, TMPDIR and MPLCONFIGDIR in the job's private directory, then the site's and the step's variables.
/// </summary>
public static class SandboxEnvironment
{
    /// <summary>The job directory's private part (home, temporary files, caches); never reported as output.</summary>
    public const string PrivateDirectory = ".sandbox";

    /// <summary>The PATH every job starts with.</summary>
    public const string Path = "/usr/local/bin:/usr/bin:/bin";

    /// <summary>The environment for a process of the job in that directory, the given variables set last.</summary>
    public static IReadOnlyDictionary<string, string> For(string jobDirectory, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var own = System.IO.Path.Combine(jobDirectory, PrivateDirectory);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = Path,
            ["HOME"] = System.IO.Path.Combine(own, "home"),
            ["TMPDIR"] = System.IO.Path.Combine(own, "tmp"),
            ["MPLCONFIGDIR"] = System.IO.Path.Combine(own, "matplotlib"),

            // Bytecode caches are not results: kept out of the job's own folders, so they are not uploaded as outputs.
            ["PYTHONPYCACHEPREFIX"] = System.IO.Path.Combine(own, "pycache"),
            ["LANG"] = "C.UTF-8",
            ["USER"] = "nmpi-job",
            ["LOGNAME"] = "nmpi-job",
        };
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>The private directories <see cref="For"/> names, made if missing, and the home's git configuration.</summary>
    public static void Prepare(string jobDirectory)
    {
        foreach (var name in new[] { "home", "tmp", "matplotlib" })
        {
            Directory.CreateDirectory(System.IO.Path.Combine(jobDirectory, PrivateDirectory, name));
        }

        // The job's user owns no repository the site lets it clone from a file URL (ReadOnlyPaths); git would refuse them.
        var git = System.IO.Path.Combine(jobDirectory, PrivateDirectory, "home", ".gitconfig");
        if (!File.Exists(git))
        {
            File.WriteAllText(git, "[safe]\n\tdirectory = *\n");
        }
    }
}
