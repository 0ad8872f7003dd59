using Nmpi.Adapters.Preparation;

namespace Nmpi.Adapters.Tests;

/// <summary>Which URLs a site fetches, and the file names input data are saved under.</summary>
public sealed class SourceUrlTests
{
    [Theory]
    [InlineData("http://data.example.org/a.csv")]
    [InlineData("https://data.example.org/a.csv")]
    public void HttpAndHttps_AreAlwaysFetched(string url) =>
        Assert.Equal(url, SourceUrl.Parse(url, "input data", allowFileUrls: false).Shown);

    [Fact]
    public void FileUrls_AreFetchedOnlyWhereTheSiteAllowsThem()
    {
        var error = Assert.Throws<JobPreparationException>(() => SourceUrl.Parse("file:///data/a.csv", "input data", allowFileUrls: false));

        Assert.Equal("input data file:///data/a.csv is a file URL, which this site does not allow", error.Message);
        Assert.True(SourceUrl.Parse("file:///data/a.csv", "input data", allowFileUrls: true).IsFile);
    }

    [Theory]
    [InlineData("ftp://example.org/a.csv", "input data ftp://example.org/a.csv uses the scheme ftp; only http and https are fetched")]
    [InlineData("ssh://git@example.org/repo.git", "input data ssh://example.org/repo.git uses the scheme ssh; only http and https are fetched")]
    [InlineData("data.csv", "input data data.csv is not an absolute URL")]
    [InlineData("file://fileserver/share/a.csv", "input data file://fileserver/share/a.csv names another host; file URLs must name a local path")]
    public void OtherUrls_AreRefusedByName(string url, string message) =>
        Assert.Equal(message, Assert.Throws<JobPreparationException>(() => SourceUrl.Parse(url, "input data", allowFileUrls: true)).Message);

    [Fact]
    public void Messages_LeaveOutAPasswordInTheUrl() =>
        Assert.Equal("https://example.org/model.git", SourceUrl.Parse("https://alice:secret@example.org/model.git", "git repository", false).Shown);

    [Theory]
    [InlineData("https://example.org/data/spikes.csv", "spikes.csv")]
    [InlineData("https://example.org/data/spikes.csv?version=2#top", "spikes.csv")]
    [InlineData("https://example.org/my%20data%3B%20v2.h5", "my_data__v2.h5")]
    [InlineData("https://example.org/a%2F..%2F..%2Fetc%2Fpasswd", "a_.._.._etc_passwd")]
    [InlineData("https://example.org/r%C3%A9sultats.txt", "résultats.txt")]
    public void InputFileName_IsTheLastPathSegmentMadeSafe(string url, string name) =>
        Assert.Equal(name, InputFileName.For(SourceUrl.Parse(url, "input data", false)));

    [Theory]
    [InlineData("https://example.org/")]
    [InlineData("https://example.org")]
    [InlineData("https://example.org/data/")]
    [InlineData("https://example.org/%2E%2E")]
    public void InputFileName_WithoutAName_IsRefused(string url)
    {
        var error = Assert.Throws<JobPreparationException>(() => InputFileName.For(SourceUrl.Parse(url, "input data", false)));

        Assert.EndsWith("has no file name at the end of its path", error.Message, StringComparison.Ordinal);
    }
}
