using Nmpi.Api.V1;
using Nmpi.Gateway.Jobs;

namespace Nmpi.Gateway.Tests;

/// <summary>The byte budget of a ListJobs page, and list rows of inline scripts.</summary>
public sealed class ListPageTests
{
    private static Job Sized(long id, int commandLength) => new() { Id = id, Command = new string('c', commandLength) };

    [Fact]
    public void Fill_StopsBeforeTheBudget_AndNamesTheLastJobAdded()
    {
        var response = new ListJobsResponse();

        var last = ListPage.Fill(response, [Sized(9, 400), Sized(8, 400), Sized(7, 400)], maxBytes: 900);

        Assert.Equal([9L, 8L], response.Jobs.Select(j => j.Id));
        Assert.Equal(8, last);
        Assert.True(response.CalculateSize() <= 900 + 16);
    }

    [Fact]
    public void Fill_TakesEverythingThatFits_AndSaysThePageDidNotStopEarly()
    {
        var response = new ListJobsResponse();

        var last = ListPage.Fill(response, [Sized(3, 10), Sized(2, 10), Sized(1, 10)], maxBytes: 900);

        Assert.Equal([3L, 2L, 1L], response.Jobs.Select(j => j.Id));
        Assert.Null(last);
    }

    [Fact]
    public void Fill_AlwaysTakesTheFirstJob_EvenWhenItAlonePassesTheBudget()
    {
        var response = new ListJobsResponse();

        var last = ListPage.Fill(response, [Sized(5, 2000), Sized(4, 10)], maxBytes: 900);

        Assert.Equal([5L], response.Jobs.Select(j => j.Id));
        Assert.Equal(5, last);
    }

    [Fact]
    public void Row_ShowsAnInlineScriptAsItsPreview_AndLeavesOtherSourcesAlone()
    {
        var inline = ListPage.Row(new Job { Id = 1, Code = new JobCode { Inline = "import pyNN" } });
        var git = ListPage.Row(new Job { Id = 2, Code = new JobCode { GitUrl = "https://example.org/m.git" } });

        Assert.Equal(JobCode.SourceOneofCase.InlinePreview, inline.Code.SourceCase);
        Assert.Equal("import pyNN", inline.Code.InlinePreview);
        Assert.Equal("https://example.org/m.git", git.Code.GitUrl);
    }
}
