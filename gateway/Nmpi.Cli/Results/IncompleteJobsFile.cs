using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Nmpi.Cli.Results;

/// <summary>.incomplete_jobs.yml in the current folder: the jobs submitted with `run -b` whose results are still to fetch.</summary>
public static class IncompleteJobsFile
{
    /// <summary>The file's name (a dot-file, so it is never uploaded with the code).</summary>
    public const string FileName = ".incomplete_jobs.yml";

    private static readonly IDeserializer Reader = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
    private static readonly ISerializer Writer = new SerializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();

    /// <summary>The remembered jobs of the folder, oldest first.</summary>
    public static List<IncompleteJob> Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            return Reader.Deserialize<List<IncompleteJob>?>(File.ReadAllText(path)) ?? [];
        }
        catch (YamlException e)
        {
            throw CommandFailure.Usage($"{FileName}, line {e.Start.Line}: not a list of jobs nmpi wrote ({e.InnerException?.Message ?? e.Message}); fix or delete it.");
        }
    }

    /// <summary>Rewrites the file with these jobs (deleting it when none are left).</summary>
    public static void Write(string folder, IReadOnlyList<IncompleteJob> jobs)
    {
        var path = Path.Combine(folder, FileName);
        if (jobs.Count == 0)
        {
            File.Delete(path);
            return;
        }

        var temporary = path + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, Writer.Serialize(jobs));
        File.Move(temporary, path, overwrite: true);
    }
}
