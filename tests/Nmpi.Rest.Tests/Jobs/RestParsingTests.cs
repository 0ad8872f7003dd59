using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Nmpi.Api.V1;
using Nmpi.Gateway.Rest.Jobs;
using Nmpi.Gateway.Rest.Provider;
using Nmpi.Gateway.Validation;

namespace Nmpi.Rest.Tests.Jobs;

/// <summary>The pure parts of the v3 surface: status names, query and body parsing, code kinds, log pieces.</summary>
public sealed class RestParsingTests
{
    [Theory]
    [InlineData(JobStatus.Submitted, "submitted")]
    [InlineData(JobStatus.Validated, "validated")]
    [InlineData(JobStatus.Running, "running")]
    [InlineData(JobStatus.Cancelling, "running")]
    [InlineData(JobStatus.Finished, "finished")]
    [InlineData(JobStatus.Error, "error")]
    [InlineData(JobStatus.Cancelled, "error")]
    [InlineData(JobStatus.Removed, "removed")]
    public void EveryStatus_HasAV3Name_ThatSelectsItAsAFilter(JobStatus status, string name)
    {
        Assert.Equal(name, RestStatus.Name(status));
        Assert.Contains(status, RestStatus.Filter(name)!);
    }

    [Fact]
    public void StatusFilters_OfOurOwnAndUnknownNames()
    {
        Assert.Equal([JobStatus.Cancelled], RestStatus.Filter("cancelled"));
        Assert.Empty(RestStatus.Filter("mapped")!);
        Assert.Null(RestStatus.Filter("Finished"));
        Assert.Null(RestStatus.Filter(""));
    }

    [Fact]
    public void Query_RepeatedFilters_BecomeOneListJobsRequestPerCombination()
    {
        var (query, violations) = RestJobQuery.Parse(Query(
            ("collab", ["a", "b"]), ("hardware_platform", ["SpiNNaker"]), ("tags", ["x", "y", "x"]), ("status", ["error"]),
            ("size", ["5"]), ("from_index", ["3"]), ("date_range_start", ["2026-01-02"]), ("date_range_end", ["2026-01-03"])));

        Assert.Empty(violations);
        Assert.Equal((5, 3), (query.Size, query.FromIndex));
        var requests = query.Requests().ToList();
        Assert.Equal(4, requests.Count);
        Assert.Equal(["a/x", "a/y", "b/x", "b/y"], requests.Select(r => $"{r.Collab}/{r.Tag}"));
        Assert.All(requests, r => Assert.Equal([JobStatus.Error, JobStatus.Cancelled], r.Status));
        Assert.All(requests, r => Assert.Equal(new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), r.SubmittedAfter.ToDateTime()));
        Assert.All(requests, r => Assert.Equal(new DateTime(2026, 1, 4, 0, 0, 0, DateTimeKind.Utc), r.SubmittedBefore.ToDateTime()));
    }

    [Fact]
    public void Query_Defaults_AreV3s()
    {
        var (query, violations) = RestJobQuery.Parse(Query(("collab", ["null"])));

        Assert.Empty(violations);
        Assert.Equal((10, 0, false), (query.Size, query.FromIndex, query.AsAdmin));
        Assert.Empty(query.Collabs);
        Assert.Single(query.Requests());
    }

    [Theory]
    [InlineData("status", "lost")]
    [InlineData("size", "ten")]
    [InlineData("size", "-1")]
    [InlineData("from_index", "-1")]
    [InlineData("from_index", "20000")]
    [InlineData("date_range_start", "yesterday")]
    [InlineData("as_admin", "maybe")]
    public void Query_BadValues_AreNamed(string name, string value)
    {
        var (_, violations) = RestJobQuery.Parse(Query((name, [value])));

        // Exactly the offending parameter is named, once, and what is wrong with it is said.
        var violation = Assert.Single(violations);
        Assert.Equal(name, violation.Field);
        Assert.False(string.IsNullOrWhiteSpace(violation.Description));
        Assert.DoesNotContain("Exception", violation.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("size", "-1", "size must be 0 or more")]
    [InlineData("from_index", "-1", "from_index must be 0 or more")]
    [InlineData("from_index", "20000", "from_index + size must be at most 10000")]
    public void Query_BadWindow_SaysWhatTheLimitIs(string name, string value, string description)
    {
        var (_, violations) = RestJobQuery.Parse(Query((name, [value])));

        Assert.Equal(new FieldViolation(name, description), Assert.Single(violations));
    }

    [Fact]
    public void Query_TooManyCombinations_AreRefused()
    {
        string[] eight = ["1", "2", "3", "4", "5", "6", "7", "8"];
        var (_, violations) = RestJobQuery.Parse(Query(("collab", eight), ("tags", eight), ("user_id", ["u", "v"])));

        Assert.Equal("collab", Assert.Single(violations).Field);
    }

    [Theory]
    [InlineData("https://example.org/m.zip", JobCode.SourceOneofCase.ArchiveUrl)]
    [InlineData("http://example.org/m.TGZ", JobCode.SourceOneofCase.ArchiveUrl)]
    [InlineData("  https://github.com/x/y.git\n", JobCode.SourceOneofCase.GitUrl)]
    [InlineData("file:///srv/models/repo", JobCode.SourceOneofCase.GitUrl)]
    [InlineData("ftp://example.org/m.zip", JobCode.SourceOneofCase.Inline)]
    [InlineData("https://example.org/a.zip b", JobCode.SourceOneofCase.Inline)]
    [InlineData("import pyNN\n", JobCode.SourceOneofCase.Inline)]
    public void Code_IsReadAsAScriptOrTheUrlItNames(string code, JobCode.SourceOneofCase expected) =>
        Assert.Equal(expected, RestJobSubmission.CodeOf(code).SourceCase);

    [Fact]
    public void Submission_NamesEveryMalformedField_AndTakesBareUrlsAsInputs()
    {
        var (request, violations) = RestJobSubmission.Read(Json("""{"code": 3, "tags": "x", "hardware_config": [], "input_data": [{"path": "p"}]}"""));
        Assert.Null(request);
        Assert.Equal(["code", "collab", "hardware_platform", "hardware_config", "tags", "input_data[0].url"], violations.Select(v => v.Field));

        (request, violations) = RestJobSubmission.Read(Json("""{"code": "x", "collab": "c", "hardware_platform": "Spikey", "input_data": ["https://e.org/a", {"url": "https://e.org/b"}], "command": null}"""));
        Assert.Empty(violations);
        Assert.Equal(["https://e.org/a", "https://e.org/b"], request!.InputData);
        Assert.Equal("", request.Command);
        Assert.StartsWith("rest-", request.RequestId, StringComparison.Ordinal);
    }

    [Fact]
    public void JobUpdate_ReadsV3Shapes_AndRefusesStatusesNotASites()
    {
        var (update, violations) = RestJobUpdate.Read(Json("""
            {"status": "finished", "log": "done", "provenance": {"v": 1}, "resource_usage": {"value": 1.5, "units": "core-hours"},
             "output_data": {"repository": "x", "files": [{"url": "https://e.org/out/a%20b.txt"}, {"url": "https://e.org/c", "path": "d/c.txt", "content_type": "text/plain"}]}}
            """));
        Assert.Empty(violations);
        Assert.Equal(("finished", "done", 1.5), (update!.Status, update.Log, update.ResourceUsage!.Value));
        Assert.Equal([("a b.txt", ""), ("d/c.txt", "text/plain")], update.Outputs.Select(o => (o.Path, o.ContentType)));

        foreach (var bad in new[] { """{"status": "removed"}""", """{}""", """{"status": "running", "resource_usage": {"value": "1"}}""", """{"status": "running", "output_data": {"files": [{"url": "https://e.org/dir/"}]}}""" })
        {
            Assert.NotEmpty(RestJobUpdate.Read(Json(bad)).Violations);
        }
    }

    [Fact]
    public void LogPieces_AreAtMostOneMebibyte_AndNeverSplitASurrogatePair()
    {
        var text = new string('a', 256 * 1024 - 1) + "\U0001F600" + new string('b', 10);

        var pieces = RestLog.Pieces(text).ToList();

        Assert.Equal(text, string.Concat(pieces));
        Assert.Equal(2, pieces.Count);
        Assert.All(pieces, p => Assert.True(System.Text.Encoding.UTF8.GetByteCount(p) <= 1024 * 1024));
        Assert.False(char.IsHighSurrogate(pieces[0][^1]));
        Assert.Empty(RestLog.Pieces(""));
    }

    private static Dictionary<string, StringValues> Query(params (string Name, string[] Values)[] parameters) =>
        parameters.ToDictionary(p => p.Name, p => new StringValues(p.Values), StringComparer.Ordinal);

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
