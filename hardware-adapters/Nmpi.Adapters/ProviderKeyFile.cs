namespace Nmpi.Adapters;

/// <summary>The provider API key read from a file only its owner can read, so it is on no command line and in no environment.</summary>
public static class ProviderKeyFile
{
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Why the file cannot hold the key (missing, empty, or open to group or others); null when it can.</summary>
    public static string? Problem(string path)
    {
        if (!Path.IsPathFullyQualified(path) || !File.Exists(path))
        {
            return $"{AdapterOptions.Section}:ApiKeyFile must be the absolute path of an existing file.";
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOthers) != 0)
        {
            return $"{AdapterOptions.Section}:ApiKeyFile {path} must be readable by its owner only (chmod 600).";
        }

        return string.IsNullOrWhiteSpace(File.ReadAllText(path)) ? $"{AdapterOptions.Section}:ApiKeyFile {path} is empty." : null;
    }

    /// <summary>The key in the file, without surrounding white space (a trailing newline is common).</summary>
    public static string Read(string path) => File.ReadAllText(path).Trim();
}
