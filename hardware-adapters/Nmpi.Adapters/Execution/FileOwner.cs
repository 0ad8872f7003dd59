using System.Runtime.InteropServices;

namespace Nmpi.Adapters.Execution;

/// <summary>Hands a job's directory to the job's user through libc lchown(2): .NET has no API for a file's owner.</summary>
internal static partial class FileOwner
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Makes the directory (0700) and everything in it belong to the user, links included and never followed.</summary>
    public static void GiveTree(string directory, int userId)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Give(directory, userId);
        File.SetUnixFileMode(directory, OwnerOnly);
        GiveEntries(directory, userId);
    }

    // Links are given, never entered: a job may have left one pointing anywhere on the machine.
    private static void GiveEntries(string directory, int userId)
    {
        var here = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", here))
        {
            Give(entry.FullName, userId);
            if (entry is DirectoryInfo && entry.LinkTarget is null)
            {
                GiveEntries(entry.FullName, userId);
            }
        }
    }

    private static void Give(string path, int userId)
    {
        if (ChangeOwner(path, userId, userId) != 0)
        {
            throw new IOException($"could not give {path} to user {userId}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChangeOwner(string path, int owner, int group);
}
