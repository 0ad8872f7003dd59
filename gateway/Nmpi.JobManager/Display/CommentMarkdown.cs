using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Nmpi.JobManager.Display;

/// <summary>
/// Renders a job comment's Markdown as HTML that cannot run anything: raw HTML is written out as text, links and
/// images keep only absolute http, https and mailto addresses (others become their plain text), and images become
/// links (the page loads nothing from elsewhere).
/// </summary>
public static class CommentMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    public static string ToHtml(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdown.Parse(markdown, Pipeline);
        // Collected first: replacing nodes while walking the tree would skip some.
        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!IsAllowed(autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
            }
            else
            {
                autolink.GetAttributes().AddProperty("rel", "nofollow noopener noreferrer");
            }
        }

        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (!IsAllowed(link.GetDynamicUrl?.Invoke() ?? link.Url))
            {
                link.ReplaceBy(new LiteralInline(PlainText(link)), copyChildren: false);
                continue;
            }

            link.IsImage = false;
            link.GetAttributes().AddProperty("rel", "nofollow noopener noreferrer");
        }

        return Markdown.ToHtml(document, Pipeline);
    }

    /// <summary>Only absolute http, https and mailto addresses; everything else (javascript:, data:, relative, malformed) is refused.</summary>
    public static bool IsAllowed(string? url) =>
        url is not null
        && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeMailto);

    private static string PlainText(LinkInline link)
    {
        var text = string.Concat(link.Descendants<LiteralInline>().Select(l => l.Content.ToString()))
            + string.Concat(link.Descendants<CodeInline>().Select(c => c.Content));
        return text.Length > 0 ? text : link.Url ?? "";
    }
}
