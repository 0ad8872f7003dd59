namespace Nmpi.Adapters.Execution;

/// <summary>
/// A job's own Cython/Brian2 cache, filled with links to the operator's warmed shared cache (read-only in the job): the
/// job finds every model compiled there, compiles new ones into its own cache, and can change nothing another job runs.
/// </summary>
internal static class CythonCacheSeed
{
    /// <summary>The job's cache directory, inside its private directory.</summary>
    public static string For(string jobDirectory) => Path.Combine(jobDirectory, SandboxEnvironment.PrivateDirectory, "cython");

    /// <summary>Makes the job's cache (once) with a link to each entry of the shared one, one level into each folder (brian_extensions).</summary>
    public static void Seed(string jobDirectory, string shared)
    {
        var own = For(jobDirectory);
        if (Directory.Exists(own))
        {
            return;
        }

        Directory.CreateDirectory(own);
        foreach (var entry in new DirectoryInfo(shared).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(own, entry.Name);
            if (entry is DirectoryInfo && entry.LinkTarget is null)
            {
                // A folder of its own, so new modules and their lock files land in the job's cache.
                Directory.CreateDirectory(target);
                foreach (var file in new DirectoryInfo(entry.FullName).EnumerateFileSystemInfos().Where(f => !f.Name.EndsWith(".lock", StringComparison.Ordinal)))
                {
                    File.CreateSymbolicLink(Path.Combine(target, file.Name), file.FullName);
                }
            }
            else
            {
                File.CreateSymbolicLink(target, entry.FullName);
            }
        }
    }
}
