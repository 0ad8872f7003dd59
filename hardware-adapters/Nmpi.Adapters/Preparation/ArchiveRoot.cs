namespace Nmpi.Adapters.Preparation;

/// <summary>Decides where an unpacked archive's code starts.</summary>
/// <remarks>
/// EBRAINS runs the command from the directory the archive was unpacked into, so that stays the rule. Archives
/// downloaded from GitHub or GitLab wrap everything in one folder (model-main/), though, and their command says
/// run.py: when the script is not at the top, the archive holds exactly one folder and nothing else, and the script
/// is in that folder, the folder's contents are moved up a level. Outputs then keep paths relative to the code.
/// </remarks>
public static class ArchiveRoot
{
    /// <summary>Moves a single top-level folder's contents up when that is where the script is; otherwise changes nothing.</summary>
    public static void Settle(string directory, string script)
    {
        if (File.Exists(Path.Combine(directory, script)))
        {
            return;
        }

        var top = Directory.GetFileSystemEntries(directory);
        if (top.Length != 1 || !Directory.Exists(top[0]) || !File.Exists(Path.Combine(top[0], script)))
        {
            return;
        }

        // The folder may hold an entry of its own name (model/model/): move it aside first.
        var aside = Path.Combine(directory, $".unpacked-{Guid.NewGuid():N}");
        Directory.Move(top[0], aside);
        foreach (var entry in new DirectoryInfo(aside).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(directory, entry.Name);
            if (entry is DirectoryInfo folder)
            {
                folder.MoveTo(target);
            }
            else
            {
                ((FileInfo)entry).MoveTo(target);
            }
        }

        Directory.Delete(aside);
    }
}
