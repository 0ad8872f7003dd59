using Nmpi.Api.V1;

namespace Nmpi.JobManager.Display;

/// <summary>What kind of code a job runs and a short look at it for lists.</summary>
public static class CodeText
{
    private const int SnippetLength = 60;

    public static string Kind(JobCode? code) => code?.SourceCase switch
    {
        JobCode.SourceOneofCase.Inline or JobCode.SourceOneofCase.InlinePreview => "inline",
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
            JobCode.SourceOneofCase.Inline => FirstLine(code.Inline),

            // List pages carry the script's start only, which holds its first line.
            JobCode.SourceOneofCase.InlinePreview => FirstLine(code.InlinePreview),
            JobCode.SourceOneofCase.ArtifactId => code.ArtifactId,
            JobCode.SourceOneofCase.GitUrl => code.GitUrl,
            JobCode.SourceOneofCase.ArchiveUrl => code.ArchiveUrl,
            _ => "",
        };
        return text.Length > SnippetLength ? text[..(SnippetLength - 1)] + "…" : text;
    }

    private static string FirstLine(string script) => script.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
}
