using Nmpi.JobManager.Display;

namespace Nmpi.Web.Tests;

/// <summary>The comment renderer alone: what may become markup and what must stay text.</summary>
public sealed class CommentMarkdownTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")]
    [InlineData("hi <img src=x onerror=alert(1)>", "<p>hi &lt;img src=x onerror=alert(1)&gt;</p>")]
    [InlineData("[x](javascript:alert(1))", "<p>x</p>")]
    [InlineData("[x](JaVaScRiPt:alert(1))", "<p>x</p>")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)", "<p>x</p>")]
    [InlineData("[x](/app/jobs/1)", "<p>x</p>")]
    [InlineData("<javascript:alert(1)>", "<p>javascript:alert(1)</p>")]
    [InlineData("![p](javascript:alert(1))", "<p>p</p>")]
    [InlineData("[x]: javascript:alert(1)\n\n[y][x]", "<p>y</p>")]
    public void UnsafeMarkup_IsRenderedAsText(string markdown, string expected) =>
        Assert.Equal(expected, CommentMarkdown.ToHtml(markdown).Trim());

    [Theory]
    [InlineData("[x](https://example.org/a?b=1&c=2)", "<p><a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow noopener noreferrer\">x</a></p>")]
    [InlineData("<mailto:a@example.org>", "<p><a href=\"mailto:a@example.org\" rel=\"nofollow noopener noreferrer\">mailto:a@example.org</a></p>")]
    [InlineData("![plot](https://example.org/p.png)", "<p><a href=\"https://example.org/p.png\" rel=\"nofollow noopener noreferrer\">plot</a></p>")]
    [InlineData("**b** _i_ `c`", "<p><strong>b</strong> <em>i</em> <code>c</code></p>")]
    public void SafeMarkdown_IsFormatted(string markdown, string expected) =>
        Assert.Equal(expected, CommentMarkdown.ToHtml(markdown).Trim());
}
