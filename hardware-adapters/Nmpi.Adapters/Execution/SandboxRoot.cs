namespace Nmpi.Adapters.Execution;

/// <summary>
/// The file system a sandboxed job sees instead of the machine's: /usr read-only with the usual links into it, the few
/// pieces of /etc that Python, compilers and TLS need, a private /dev, /proc and /tmp, then the job's own paths.
/// Nothing else of the machine (no /root, /home, /var, /work, no adapter configuration or local secrets) is there.
/// </summary>
internal static class SandboxRoot
{
    // The pieces of /etc that the dynamic linker, Python, matplotlib, git and TLS clients read; each only when present.
    private static readonly string[] EtcPieces =
    [
        "/etc/alternatives", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/ssl", "/etc/ca-certificates",
        "/etc/localtime", "/etc/matplotlibrc", "/etc/nsswitch.conf", "/etc/hosts", "/etc/resolv.conf", "/etc/gai.conf",
        "/etc/mime.types", "/etc/python3", "/etc/python3.11", "/etc/python3.12", "/etc/python3.13",
    ];

    // On a merged-/usr system these are links into /usr; elsewhere they are directories of their own.
    private static readonly string[] TopLevel = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    /// <summary>
    /// The bwrap options that build the root: read-only system pieces, the read-only and writable extra paths, and the
    /// job directory last (writable), each with every parent created 0755 so an unprivileged job can reach it.
    /// </summary>
    public static IReadOnlyList<string> Options(string jobDirectory, IReadOnlyList<string> readOnlyPaths, IReadOnlyList<string> writablePaths)
    {
        var words = new List<string>();
        var made = new HashSet<string>(StringComparer.Ordinal) { "/" };
        void Bind(string option, string path)
        {
            MakeParents(words, made, path);
            words.AddRange([option, path, path]);
            made.Add(path);
        }

        Bind("--ro-bind", "/usr");
        foreach (var path in TopLevel)
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target)
            {
                words.AddRange(["--symlink", target, path]);
                made.Add(path);
            }
            else if (Directory.Exists(path))
            {
                Bind("--ro-bind", path);
            }
        }

        foreach (var path in EtcPieces.Where(p => File.Exists(p) || Directory.Exists(p)))
        {
            Bind("--ro-bind", path);
        }

        // --tmpfs /tmp comes before the binds, so a job directory under /tmp is mounted on top of the empty /tmp.
        words.AddRange(["--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]);
        made.UnionWith(["/dev", "/proc", "/tmp"]);
        foreach (var path in readOnlyPaths.Distinct(StringComparer.Ordinal))
        {
            Bind("--ro-bind", path);
        }

        foreach (var path in writablePaths.Distinct(StringComparer.Ordinal).Where(p => p != jobDirectory))
        {
            Bind("--bind", path);
        }

        Bind("--bind", jobDirectory);
        return words;
    }

    // bwrap makes missing parents 0700 (root's), which an unprivileged job could not pass through.
    private static void MakeParents(List<string> words, HashSet<string> made, string path)
    {
        var parents = new Stack<string>();
        for (var parent = Path.GetDirectoryName(path); parent is not null && !made.Contains(parent); parent = Path.GetDirectoryName(parent))
        {
            parents.Push(parent);
        }

        foreach (var parent in parents)
        {
            words.AddRange(["--perms", "0755", "--dir", parent]);
            made.Add(parent);
        }
    }
}
