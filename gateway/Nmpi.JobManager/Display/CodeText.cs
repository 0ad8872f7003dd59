using Nmpi.Api.V1;

namespace Nmpi.JobManager.Display;

/// <summary>What kind of code a job runs and a short look at it for lists.</summary>
public static class CodeText
{
    private const int SnippetLength = 60;

    public static string Kind(JobCode? code) => code?.SourceCase switch
    {
        JobCode.SourceOneofCase.Inline => "inline",
        JobCode.SourceOneofCase.ArtifactId => "upload",
        JobCode.SourceOneofCase.GitUrl => "git",
        JobCode.SourceOneofCase.ArchiveUrl => "archive",
        _ => "none",
    };

    /// <summary>The first non-blank line of an inline script, or the URL / artifact id, cut to a list cell.</summary>
    public static string Snippet(JobCode? code)
    {
        var text = code?.SourceCase switch
        {
            JobCode.SourceOneofCase.Inline => code.Inline.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "",
            JobCode.SourceOneofCase.ArtifactId => code.ArtifactId,
            JobCode.SourceOneofCase.GitUrl => code.GitUrl,
            JobCode.SourceOneofCase.ArchiveUrl => code.ArchiveUrl,
            _ => "",
        };
        return text.Length > SnippetLength ? text[..(SnippetLength - 1)] + "…" : text;
    }
}
