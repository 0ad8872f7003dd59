using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Nmpi.Api.V1;
using Nmpi.Gateway.Outputs;

namespace Nmpi.Gateway.Tests;

public sealed class GatewayLoopbackTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private Api.V1.Jobs.JobsClient JobsClient => new(gateway.Channel);

    private Api.V1.Adapters.AdaptersClient AdaptersClient => new(gateway.Channel);

    [Fact]
    public async Task Health_ReportsServing()
    {
        var reply = await new Health.HealthClient(gateway.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Reflection_ListsJobsAndAdapters()
    {
        using var call = new ServerReflection.ServerReflectionClient(gateway.Channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("nmpi.v1.Jobs", names);
        Assert.Contains("nmpi.v1.Adapters", names);
    }

    [Fact]
    public async Task Reflection_IsNotServed_UnlessConfigured()
    {
        var closed = new GatewayFixture(reflection: false);
        await closed.InitializeAsync();
        try
        {
            using var call = new ServerReflection.ServerReflectionClient(closed.Channel).ServerReflectionInfo();
            var e = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
                await call.RequestStream.CompleteAsync();
                await call.ResponseStream.MoveNext(CancellationToken.None);
            });

            Assert.Equal(StatusCode.Unimplemented, e.StatusCode);
        }
        finally
        {
            await closed.DisposeAsync();
        }
    }

    [Fact]
    public async Task GetJob_WithoutCredentials_IsUnauthenticated()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => JobsClient.GetJobAsync(new GetJobRequest { Id = 1 }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal("UNAUTHENTICATED", e.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
    }

    [Fact]
    public async Task ClusterTimeout_IsUnavailable_AndUnexpectedFailure_IsAGenericInternal()
    {
        var headers = GatewayFixture.User(TestAuth.AliceToken);
        FailingGrainFactory.Failure = new TimeoutException("response did not arrive on time");
        var timeout = await Assert.ThrowsAsync<RpcException>(() => JobsClient.GetJobAsync(new GetJobRequest { Id = 5 }, headers).ResponseAsync);

        FailingGrainFactory.Failure = new Orleans.Serialization.CodecNotFoundException("Could not find a codec for type Npgsql.PostgresException.");
        var storage = await Assert.ThrowsAsync<RpcException>(() => JobsClient.GetJobAsync(new GetJobRequest { Id = 5 }, headers).ResponseAsync);

        FailingGrainFactory.Failure = new InvalidOperationException("secret connection string Host=db;Password=hunter2");
        var failure = await Assert.ThrowsAsync<RpcException>(() => JobsClient.GetJobAsync(new GetJobRequest { Id = 5 }, headers).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, timeout.StatusCode);
        Assert.Equal(StatusCode.Unavailable, storage.StatusCode);
        Assert.Equal(StatusCode.Internal, failure.StatusCode);
        Assert.DoesNotContain("hunter2", failure.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("Internal error.", failure.Status.Detail);
    }

    [Fact]
    public async Task Adapters_RefuseUserTokens()
    {
        // Foreign sites and platforms need the key's grain: Cluster.Tests ProviderKeys/MovedAdapterKeyTests check them.
        var asUser = await Assert.ThrowsAsync<RpcException>(() => AdaptersClient.RegisterAdapterAsync(
            new RegisterAdapterRequest { Name = "w1", HardwarePlatform = "BrainScaleS", Capacity = 1 }, GatewayFixture.User(TestAuth.AliceToken)).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, asUser.StatusCode);
    }

    [Fact]
    public async Task CapabilityUrl_ServesTheFile_RefusesTampering_AndExpires()
    {
        var store = (ArtifactStore)gateway.Services.GetService(typeof(ArtifactStore))!;
        StoredArtifact stored;
        await using (var upload = store.BeginUpload(100))
        {
            await upload.WriteAsync("spikes,1,2,3\n"u8.ToArray(), CancellationToken.None);
            stored = await upload.CommitAsync(CancellationToken.None);
        }

        var urls = (CapabilityUrls)gateway.Services.GetService(typeof(CapabilityUrls))!;
        var (url, _) = urls.Create(9, new GrainInterfaces.Jobs.OutputFile("results/spikes.csv", stored.Size, "text/csv", stored.Sha256));
        var path = new Uri(url).PathAndQuery;

        using var ok = await gateway.Http.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("spikes,1,2,3\n", await ok.Content.ReadAsStringAsync());
        Assert.Equal("text/csv", ok.Content.Headers.ContentType!.MediaType);
        Assert.Equal("spikes.csv", ok.Content.Headers.ContentDisposition!.FileName);

        using var tampered = await gateway.Http.GetAsync(path[..^3] + (path[^3] == 'A' ? "B" : "A") + path[^2..]);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, tampered.StatusCode);

        gateway.Time.Advance(TimeSpan.FromHours(1));
        using var expired = await gateway.Http.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.Gone, expired.StatusCode);
    }
}
