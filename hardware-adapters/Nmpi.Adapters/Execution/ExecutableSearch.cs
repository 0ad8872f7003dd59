namespace Nmpi.Adapters.Execution;

/// <summary>Finds a program the way a shell would, on PATH.</summary>
internal static class ExecutableSearch
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>The full path of the first executable file of that name on PATH (or in /usr/bin and /bin); null when none.</summary>
    public static string? Find(string name)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        foreach (var directory in directories.Append("/usr/bin").Append("/bin"))
        {
            var file = Path.Combine(directory, name);
            if (File.Exists(file) && (File.GetUnixFileMode(file) & AnyExecute) != 0)
            {
                return file;
            }
        }

        return null;
    }
}
