using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.ProviderKeys;

namespace Nmpi.Cluster.Tests.ProviderKeys;

/// <summary>
/// Assertions that Nmpi.Gateway.Tests made without a cluster while keys were checked in memory; a key is now resolved
/// through its grain, so they run here against the real cluster, unchanged.
/// </summary>
[Collection("postgres")]
public sealed class MovedAdapterKeyTests(PostgresFixture postgres)
{
    private const string HeidelbergKey = "heidelberg-key-0123456789";

    [Fact]
    public async Task AuthenticateAdapter_KnownKey_ReturnsItsSiteAndPlatforms()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var options = Options.Create(new AuthOptions
        {
            AdapterKeys = [new() { Key = HeidelbergKey, Site = "heidelberg", Platforms = ["BrainScaleS", "BrainScaleS-ESS"] }],
        });
        var auth = new AdapterAuthenticator(host.Services.GetRequiredService<IGrainFactory>(), new ConfiguredProviderKeys(options));

        var adapter = await auth.AuthenticateAsync(new Metadata { { "x-api-key", HeidelbergKey } });

        Assert.Equal("heidelberg", adapter.Site);
        Assert.Equal("heidelberg/wafer-1", adapter.AdapterId("wafer-1"));
        Assert.True(adapter.Owns("heidelberg/wafer-1"));
        Assert.False(adapter.Owns("heidelberg2/wafer-1"));
        Assert.False(adapter.Owns("heidelberg/"));
        Assert.False(adapter.Owns("manchester/spin-1"));
        Assert.True(adapter.Serves("BrainScaleS"));
        Assert.False(adapter.Serves("SpiNNaker"));
    }

    [Fact]
    public async Task Adapters_RefuseUserTokensForeignSitesAndForeignPlatforms()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var asUser = await Assert.ThrowsAsync<RpcException>(() => new Api.V1.Adapters.AdaptersClient(host.Channel).RegisterAdapterAsync(
            new RegisterAdapterRequest { Name = "w1", HardwarePlatform = "BrainScaleS", Capacity = 1 },
            new Metadata { { "authorization", $"Bearer {PlatformHost.AliceToken}" } }).ResponseAsync);
        var foreignPlatform = await Assert.ThrowsAsync<RpcException>(() => host.Adapters(PlatformHost.OtherSiteKey).RegisterAdapterAsync(
            new RegisterAdapterRequest { Name = "w1", HardwarePlatform = "BrainScaleS", Capacity = 1 }).ResponseAsync);
        var foreignSite = await Assert.ThrowsAsync<RpcException>(() => host.Adapters(PlatformHost.SiteKey).LeaseJobsAsync(
            new LeaseJobsRequest { AdapterId = "manchester/spin-1", MaxJobs = 1 }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, asUser.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, foreignPlatform.StatusCode);
        Assert.Equal(StatusCode.NotFound, foreignSite.StatusCode);
    }

    [Fact]
    public async Task UploadOutput_WithoutHeaderFirst_IsInvalidArgument_AndOversize_IsResourceExhausted()
    {
        await using var host = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?> { ["Nmpi:Gateway:MaxOutputFileBytes"] = "16" });
        var adapters = host.Adapters();
        using (var noHeader = adapters.UploadOutput())
        {
            await noHeader.RequestStream.WriteAsync(new UploadOutputChunk { Data = Google.Protobuf.ByteString.CopyFromUtf8("data") });
            await noHeader.RequestStream.CompleteAsync();
            var e = await Assert.ThrowsAsync<RpcException>(() => noHeader.ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        }

        // The job's lease is real: the job's output caps are checked (against its row) before the file's size is.
        var adapter = await TestAdapter.RegisterAsync(host, "w1", "SpiNNaker");
        var (_, leased) = await adapter.SubmitAndStartAsync(host.Jobs(PlatformHost.AliceToken), JobRequests.Inline());
        var tooLarge = await Assert.ThrowsAsync<RpcException>(() => adapter.UploadAsync(leased.Lease, "out.bin", new byte[17]));
        Assert.Equal(StatusCode.ResourceExhausted, tooLarge.StatusCode);
        Assert.Equal("Output files may be at most 16 bytes.", tooLarge.Status.Detail);
        Assert.Empty(Directory.GetFiles(Path.Combine(host.ArtifactDirectory, "tmp")));
    }
}
