using System.Net;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Gateway.Jobs;
using Nmpi.Rest.Tests.Infrastructure;

namespace Nmpi.Rest.Tests.Jobs;

/// <summary>
/// Listings used to load every job whole, inline scripts of up to 1 MiB included: a viewer listing a collab of large
/// scripts made the gateway hold them all, and a gRPC page of large specs passed a client's 4 MiB receive limit. List
/// pages now carry a script's start only and stop at a byte budget; one job's reads still return the whole script.
/// </summary>
[Collection(RestPostgresCollection.Name)]
public sealed class ListingWithoutCodeTests(PostgresFixture postgres)
{
    private const int ScriptBytes = 900 * 1024;

    [Fact]
    public async Task ListingACollabOfLargeScripts_ReturnsPagesWithoutTheScripts_WhileOneJobsReadsReturnTheWholeScript()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var bob = RestClient.For(host, PlatformHost.BobToken);
        var scripts = Enumerable.Range(0, 6).Select(i => $"# job {i}\n" + new string('x', ScriptBytes) + "\n").ToArray();
        var ids = new List<long>();
        foreach (var script in scripts)
        {
            ids.Add((await RestJobs.SubmitAsync(alice, RestJobs.Body(code: script, tags: "big"))).GetProperty("id").GetInt64());
        }

        // The attack: a viewer lists the collab (REST and gRPC, the largest page) and its tags.
        using var listed = await bob.GetAsync(new Uri("/jobs/?collab=neuro&size=100", UriKind.Relative));
        var listText = await listed.Content.ReadAsStringAsync();
        var page = await host.Jobs(PlatformHost.BobToken).ListJobsAsync(new ListJobsRequest { Collab = "neuro", PageSize = 500 });
        var (tagsStatus, tags) = await RestJobs.GetAsync(bob, "/tags/?collab=neuro");

        // Six scripts of 900 KiB were 5.4 MB; without them the whole answer is a few KiB.
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.True(listText.Length < 16 * 1024, $"the REST list page is {listText.Length} characters");
        var rows = System.Text.Json.JsonDocument.Parse(listText).RootElement;
        Assert.Equal([.. ids.AsEnumerable().Reverse()], RestJobs.Ids(rows));
        Assert.All(rows.EnumerateArray(), row => Assert.Equal(System.Text.Json.JsonValueKind.Null, row.GetProperty("code").ValueKind));
        Assert.True(page.CalculateSize() < 16 * 1024, $"the gRPC page is {page.CalculateSize()} bytes");
        Assert.Equal([.. ids.AsEnumerable().Reverse()], page.Jobs.Select(j => j.Id));
        foreach (var (job, script) in page.Jobs.Zip(scripts.Reverse()))
        {
            Assert.Equal(JobCode.SourceOneofCase.InlinePreview, job.Code.SourceCase);
            Assert.Equal(script[..GrainInterfaces.Jobs.JobPage.InlineCodePreviewLength], job.Code.InlinePreview);
        }

        Assert.Equal(HttpStatusCode.OK, tagsStatus);
        Assert.Equal(["big"], tags.EnumerateArray().Select(t => t.GetString()));

        // One job's reads keep the whole script.
        var (oneStatus, one) = await RestJobs.GetAsync(bob, $"/jobs/{ids[0]}");
        Assert.Equal(HttpStatusCode.OK, oneStatus);
        Assert.Equal(scripts[0], one.GetProperty("code").GetString());
        var wire = await host.Jobs(PlatformHost.BobToken).GetJobAsync(new GetJobRequest { Id = ids[1] });
        Assert.Equal(scripts[1], wire.Code.Inline);
    }

    [Fact]
    public async Task APageOfJobsWithMaximalHardwareConfigs_StaysUnderTheByteBudget_AndPagingReturnsEveryJobExactlyOnce()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var jobs = host.Jobs(PlatformHost.AliceToken);

        // 80 jobs whose hardware_config is just under the 64 KiB a config may hold: 5 MB for one page of 500.
        var version = new string('v', 64 * 1024 - 64);
        var submitted = new List<long>();
        for (var i = 0; i < 80; i++)
        {
            var submit = JobRequests.Inline(platform: "SpiNNaker");
            submit.HardwareConfig = new Struct { Fields = { ["spynnaker_version"] = Value.ForString(version) } };
            submitted.Add((await jobs.SubmitJobAsync(submit)).Id);
        }

        // A client with gRPC's default receive limit (4 MiB), as most clients keep it (the host's own channel allows 64 MiB).
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(host.GrpcUrl);
        var lister = new Api.V1.Jobs.JobsClient(channel.Intercept(headers =>
        {
            headers.Add("authorization", $"Bearer {PlatformHost.AliceToken}");
            return headers;
        }));
        var seen = new List<long>();
        var pages = 0;
        var request = new ListJobsRequest { Collab = "neuro", PageSize = 500 };
        do
        {
            var page = await lister.ListJobsAsync(request);
            pages++;
            Assert.True(page.CalculateSize() <= ListPage.MaxBytes + 1024, $"page {pages} is {page.CalculateSize()} bytes");
            Assert.NotEmpty(page.Jobs);
            Assert.All(page.Jobs, j => Assert.Equal(version, j.HardwareConfig.Fields["spynnaker_version"].StringValue));
            seen.AddRange(page.Jobs.Select(j => j.Id));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.True(pages >= 3, $"{pages} pages");
        Assert.Equal([.. submitted.AsEnumerable().Reverse()], seen);
    }

    [Fact]
    public async Task SubmittingAListPreviewAsCode_IsRefusedNamingTheField()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var request = JobRequests.Inline();
        request.Code = new JobCode { InlinePreview = "import pyNN" };

        var refused = await Assert.ThrowsAsync<RpcException>(() => host.Jobs(PlatformHost.AliceToken).SubmitJobAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("code.inline_preview", refused.Status.Detail, StringComparison.Ordinal);
    }
}
