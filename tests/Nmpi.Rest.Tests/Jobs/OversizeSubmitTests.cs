using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Rest.Tests.Infrastructure;

namespace Nmpi.Rest.Tests.Jobs;

/// <summary>
/// A "poison" job spec (tens of MB in hardware_config) would make every lease reply that carries it too large for the
/// site: it is refused at submit through both surfaces, naming the field, and nothing is stored.
/// </summary>
[Collection(RestPostgresCollection.Name)]
public sealed class OversizeSubmitTests(PostgresFixture postgres)
{
    [Fact]
    public async Task OversizeHardwareConfig_IsRefusedNamingTheField_ByRestAndGrpc_AndNothingIsStored()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        var packages = Enumerable.Range(0, 200).Select(i => $"pkg{i}-" + new string('x', 1000)).ToArray();

        var rest = RestJobs.Body();
        rest["hardware_config"] = new JsonObject { ["extra_pip_installs"] = new JsonArray([.. packages.Select(p => (JsonNode?)JsonValue.Create(p))]) };
        var (status, body) = await RestJobs.SendAsync(alice, HttpMethod.Post, "/jobs/", rest);

        var grpc = JobRequests.Inline();
        grpc.HardwareConfig = new Struct { Fields = { ["extra_pip_installs"] = Value.ForList([.. packages.Select(Value.ForString)]) } };
        var refused = await Assert.ThrowsAsync<RpcException>(() => host.Jobs(PlatformHost.AliceToken).SubmitJobAsync(grpc).ResponseAsync);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(["body", "hardware_config"], body.GetProperty("detail")[0].GetProperty("loc").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("hardware_config", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, (await host.Jobs(PlatformHost.AliceToken).ListJobsAsync(new ListJobsRequest { Collab = "neuro" })).TotalCount);
    }

    [Fact]
    public async Task RestBodyOverTheLimit_IsRefusedWith413()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var url = new Uri(host.HttpUrl);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port);
        var stream = tcp.GetStream();

        // Only the headers of a 9 MiB body: the server must refuse on the announced length, without reading or storing it.
        var head = "POST /jobs/ HTTP/1.1\r\n" + $"Host: {url.Authority}\r\n" + $"Authorization: Bearer {PlatformHost.AliceToken}\r\n"
            + "Content-Type: application/json\r\n" + $"Content-Length: {9 * 1024 * 1024}\r\n\r\n{{\"code\": \"";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync();

        Assert.Equal("HTTP/1.1 413 Payload Too Large", statusLine);
        Assert.Equal(0, (await host.Jobs(PlatformHost.AliceToken).ListJobsAsync(new ListJobsRequest { Collab = "neuro" })).TotalCount);
    }
}
