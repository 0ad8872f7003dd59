namespace Nmpi.Adapters;

/// <summary>A job's command split into the script it runs and that script's arguments, with {system} filled in.</summary>
public sealed record JobCommand(string Script, IReadOnlyList<string> Arguments)
{
    /// <summary>The command of a job that gives none.</summary>
    public const string Default = "run.py {system}";

    /// <summary>Splits the command on white space and replaces {system} by the site's backend.</summary>
    public static JobCommand Parse(string? command, string backend)
    {
        var words = (string.IsNullOrWhiteSpace(command) ? Default : command)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var arguments = words.Skip(1).Select(w => w.Replace("{system}", backend, StringComparison.Ordinal)).ToArray();
        return new JobCommand(words[0], arguments);
    }
}
