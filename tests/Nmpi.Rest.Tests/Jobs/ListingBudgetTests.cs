using System.Net;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Rest.Tests.Infrastructure;

namespace Nmpi.Rest.Tests.Jobs;

/// <summary>
/// One GET /jobs/ with 64 collab filters and a page near the end of the window used to load 64 × 10,000 whole jobs
/// into the gateway: the jobs one request may load are now bounded, and a listing beyond that is refused naming the
/// parameter, before anything is read.
/// </summary>
[Collection(RestPostgresCollection.Name)]
public sealed class ListingBudgetTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ListingWithManyCollabsAndADeepWindow_IsRefusedNamingFromIndex_WhileADeepPageOfOneCollabStillWorks()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        var id = (await RestJobs.SubmitAsync(alice, RestJobs.Body())).GetProperty("id").GetInt64();
        var collabs = string.Join('&', Enumerable.Range(0, 64).Select(i => $"collab=c{i}"));

        var (status, body) = await RestJobs.GetAsync(alice, $"/jobs/?{collabs}&from_index=9990");
        var (deepOne, _) = await RestJobs.GetAsync(alice, "/jobs/?collab=neuro&from_index=9990");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(["query", "from_index"], body.GetProperty("detail")[0].GetProperty("loc").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains("20000", body.GetProperty("detail")[0].GetProperty("msg").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, deepOne);
        Assert.Equal([id], RestJobs.Ids((await RestJobs.GetAsync(alice, "/jobs/?collab=neuro")).Body));
    }
}
