using System.Net;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Rest.Tests.Infrastructure;

namespace Nmpi.Rest.Tests.Jobs;

/// <summary>
/// Reads had no rate limit: one caller could flood listings. Each caller (token, provider key, web session, or address
/// when anonymous) now has a read bucket; a flood is refused with 429 / RESOURCE_EXHAUSTED and a retry hint, while
/// other callers' reads and the flooder's writes still answer.
/// </summary>
[Collection(RestPostgresCollection.Name)]
public sealed class ReadRateLimitTests(PostgresFixture postgres)
{
    // Five reads, then (practically) no refill: no timing enters the test.
    private static readonly Dictionary<string, string?> SmallBucket = new()
    {
        ["Nmpi:Gateway:ReadRateLimit:Burst"] = "5",
        ["Nmpi:Gateway:ReadRateLimit:PerSecond"] = "0.001",
    };

    [Fact]
    public async Task AReadFloodFromOneCaller_IsRefusedWithRetryHints_WhileAnotherCallersReadsAndTheFloodersWritesStillAnswer()
    {
        await using var host = await PlatformHost.StartAsync(postgres, SmallBucket);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var bob = RestClient.For(host, PlatformHost.BobToken);
        var id = (await RestJobs.SubmitAsync(alice, RestJobs.Body())).GetProperty("id").GetInt64();

        // The flood: alice's reads by REST, then by gRPC with the same token.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await RestJobs.GetAsync(alice, "/jobs/?collab=neuro")).Status);
        }

        using var refused = await alice.GetAsync(new Uri($"/jobs/{id}", UriKind.Relative));
        var refusedBody = await RestClient.JsonAsync(refused);
        var grpcRefused = await Assert.ThrowsAsync<RpcException>(
            () => host.Jobs(PlatformHost.AliceToken).ListJobsAsync(new ListJobsRequest { Collab = "neuro" }).ResponseAsync);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "a 429 carries Retry-After");
        Assert.Contains("Too many reads", RestJobs.Detail(refusedBody), StringComparison.Ordinal);
        Assert.Equal(StatusCode.ResourceExhausted, grpcRefused.StatusCode);
        var status = grpcRefused.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal("RATE_LIMITED", status.GetDetail<ErrorInfo>().Reason);
        Assert.True(status.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan() > TimeSpan.Zero, "RESOURCE_EXHAUSTED carries a RetryInfo");

        // Another caller still reads, by REST and gRPC; the flooder's writes are not reads.
        var (bobStatus, bobJobs) = await RestJobs.GetAsync(bob, "/jobs/?collab=neuro");
        Assert.Equal(HttpStatusCode.OK, bobStatus);
        Assert.Equal([id], RestJobs.Ids(bobJobs));
        Assert.Equal(id, (await host.Jobs(PlatformHost.BobToken).GetJobAsync(new GetJobRequest { Id = id })).Id);
        Assert.True((await RestJobs.SubmitAsync(alice, RestJobs.Body())).GetProperty("id").GetInt64() > id);
    }

    [Fact]
    public async Task AnonymousReads_CountPerAddress_AndASitesKeyHasItsOwnBucket()
    {
        await using var host = await PlatformHost.StartAsync(postgres, SmallBucket);
        using var anonymous = RestClient.For(host);
        using var site = RestClient.For(host, apiKey: PlatformHost.SiteKey);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await anonymous.GetAsync(new Uri("/", UriKind.Relative));
            statuses.Add(response.StatusCode);
        }

        var (siteStatus, _) = await RestJobs.GetAsync(site, "/jobs/next/SpiNNaker");

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(5));
        Assert.Equal(HttpStatusCode.NotFound, siteStatus);
    }

    [Fact]
    public async Task AReadRateLimitThatWouldRefuseEveryRead_IsRefusedAtStart()
    {
        var zero = new Dictionary<string, string?> { ["Nmpi:Gateway:ReadRateLimit:Burst"] = "0" };

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(async () => await PlatformHost.StartAsync(postgres, zero));

        Assert.Contains("Nmpi:Gateway:ReadRateLimit", refused.Message, StringComparison.Ordinal);
    }
}
