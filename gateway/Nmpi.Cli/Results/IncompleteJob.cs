namespace Nmpi.Cli.Results;

/// <summary>A job `nmpi run -b` submitted and `nmpi check` has not fetched yet.</summary>
public sealed class IncompleteJob
{
    public long Id { get; set; }

    public string Collab { get; set; } = "";

    /// <summary>The absolute output folder the results go to (under it, &lt;collab&gt;/job_&lt;id&gt;/).</summary>
    public string OutputDir { get; set; } = "";

    public string Script { get; set; } = "";
}
