namespace Nmpi.JobManager.Display;

/// <summary>The tag and comment forms of a job's page: what was typed (kept when refused) and the refusal beside each.</summary>
public sealed record JobNotesForm
{
    public const string Tag = "tag";
    public const string Text = "text";

    public string TagValue { get; init; } = "";

    public string? TagError { get; init; }

    public string CommentValue { get; init; } = "";

    public string? CommentError { get; init; }
}
