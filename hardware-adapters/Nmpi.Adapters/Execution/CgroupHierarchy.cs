namespace Nmpi.Adapters.Execution;

/// <summary>A mounted cgroup hierarchy and the directory of this process's own cgroup in it.</summary>
/// <param name="Version">1 or 2.</param>
/// <param name="Controllers">For v1 the controllers the hierarchy is mounted with; empty for v2 (its cgroup.controllers says).</param>
/// <param name="OwnDirectory">Where this process's cgroup is in the mounted file system.</param>
public sealed record CgroupHierarchy(int Version, IReadOnlySet<string> Controllers, string OwnDirectory)
{
    /// <summary>Finds the hierarchies from the text of /proc/self/mountinfo and /proc/self/cgroup.</summary>
    public static IReadOnlyList<CgroupHierarchy> Find(string mountInfo, string ownCgroups)
    {
        ArgumentNullException.ThrowIfNull(mountInfo);
        ArgumentNullException.ThrowIfNull(ownCgroups);

        // "4:memory:/a/b" for v1 (controllers may be comma-joined), "0::/a/b" for the v2 hierarchy.
        var ownV1 = new Dictionary<string, string>(StringComparer.Ordinal);
        string? ownV2 = null;
        foreach (var line in ownCgroups.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            if (parts[0] == "0" && parts[1].Length == 0)
            {
                ownV2 = parts[2];
                continue;
            }

            foreach (var controller in parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                ownV1[controller] = parts[2];
            }
        }

        var found = new List<CgroupHierarchy>();
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // id parent major:minor root mount-point options [optional fields] - type source super-options
            var fields = line.Split(' ');
            var dash = Array.IndexOf(fields, "-");
            if (dash < 6 || fields.Length < dash + 4)
            {
                continue;
            }

            var (root, mountPoint, type) = (fields[3], Unescape(fields[4]), fields[dash + 1]);
            if (type == "cgroup2" && ownV2 is not null && Within(ownV2, root) is { } relative2)
            {
                found.Add(new CgroupHierarchy(2, new HashSet<string>(), Under(mountPoint, relative2)));
            }
            else if (type == "cgroup")
            {
                var controllers = fields[dash + 3].Split(',').Where(ownV1.ContainsKey).ToHashSet(StringComparer.Ordinal);
                if (controllers.Count > 0 && Within(ownV1[controllers.First()], root) is { } relative1)
                {
                    found.Add(new CgroupHierarchy(1, controllers, Under(mountPoint, relative1)));
                }
            }
        }

        return found;
    }

    // A process's cgroup path is relative to the hierarchy's root; a mount of a sub-tree shows only what lies below it.
    private static string? Within(string path, string mountRoot)
    {
        if (mountRoot == "/")
        {
            return path;
        }

        return path == mountRoot ? "/" : path.StartsWith(mountRoot + "/", StringComparison.Ordinal) ? path[mountRoot.Length..] : null;
    }

    private static string Under(string mountPoint, string relative) => (mountPoint.TrimEnd('/') + relative).TrimEnd('/') is { Length: > 0 } d ? d : "/";

    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal).Replace("\\011", "\t", StringComparison.Ordinal).Replace("\\012", "\n", StringComparison.Ordinal).Replace("\\134", "\\", StringComparison.Ordinal);
}
