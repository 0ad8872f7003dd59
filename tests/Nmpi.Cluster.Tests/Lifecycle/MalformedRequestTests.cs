using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Lifecycle;

[Collection("postgres")]
public sealed class MalformedRequestTests(PostgresFixture postgres)
{
    private static readonly (string Field, Action<SubmitJobRequest> Break)[] Cases =
    [
        ("request_id", r => r.RequestId = "short"),
        ("request_id", r => r.RequestId = "has spaces in it"),
        ("code", r => r.Code = null),
        ("code.inline", r => r.Code.Inline = "   "),
        ("code.inline", r => r.Code.Inline = new string('x', 1024 * 1024 + 1)),
        ("code.git_url", r => r.Code = new JobCode { GitUrl = "not a url" }),
        ("code.git_url", r => r.Code = new JobCode { GitUrl = "ftp://example.org/repo.git" }),
        ("code.archive_url", r => r.Code = new JobCode { ArchiveUrl = "https://example.org/code.rar" }),
        ("code.artifact_id", r => r.Code = new JobCode { ArtifactId = "../../etc/passwd" }),
        ("command", r => r.Command = new string('c', 501)),
        ("command", r => r.Command = "run.py\nrm -rf /"),
        ("input_data[1]", r => r.InputData.Add(["https://example.org/a.dat", "relative/path.dat"])),
        ("input_data[0]", r => r.InputData.Add("javascript:alert(1)")),
        ("hardware_platform", r => r.HardwarePlatform = "NEST"),
        ("hardware_platform", r => r.HardwarePlatform = "spinnaker"),
        ("hardware_platform", r => r.HardwarePlatform = ""),
        ("hardware_config.WAFER_MODULE", r => r.HardwareConfig = Struct.Parser.ParseJson("""{"WAFER_MODULE": 3}""")),
        ("hardware_config.extra_pip_installs", r => r.HardwareConfig = Struct.Parser.ParseJson("""{"extra_pip_installs": "numpy"}""")),
        ("hardware_config.spynnaker_version", r => r.HardwareConfig = Struct.Parser.ParseJson("""{"spynnaker_version": 7}""")),
        ("collab", r => r.Collab = ""),
        ("collab", r => r.Collab = "bad collab/name"),
        ("tags", r => r.Tags.Add(Enumerable.Range(0, 21).Select(i => $"t{i}"))),
        ("tags[0]", r => r.Tags.Add(new string('t', 65))),
        ("tags[0]", r => r.Tags.Add("bell\u0007")),
        ("wall_time_limit", r => r.WallTimeLimit = Duration.FromTimeSpan(TimeSpan.FromDays(8))),
        ("wall_time_limit", r => r.WallTimeLimit = Duration.FromTimeSpan(TimeSpan.FromSeconds(-5))),
    ];

    public static TheoryData<int> CaseNumbers()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Cases.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public async Task EveryMalformedSubmit_IsInvalidArgumentNamingTheField_AndStoresNothing()
    {
        Assert.True(Cases.Length >= 20);
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var failures = new List<string>();

        foreach (var (field, breakIt) in Cases)
        {
            var request = JobRequests.Inline();
            breakIt(request);
            try
            {
                await alice.SubmitJobAsync(request);
                failures.Add($"{field}: accepted");
            }
            catch (RpcException error)
            {
                var fields = error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];
                if (error.StatusCode != StatusCode.InvalidArgument || !fields.Contains(field))
                {
                    failures.Add($"{field}: {error.StatusCode} naming [{string.Join(", ", fields)}]");
                }

                if (!error.Status.Detail.Contains(field.Split('[', '.')[0], StringComparison.Ordinal) && error.Status.Detail.Length == 0)
                {
                    failures.Add($"{field}: no message");
                }
            }
        }

        Assert.Empty(failures);
        var admin = host.Jobs(PlatformHost.AdminToken);
        Assert.Equal(0, (await admin.ListJobsAsync(new ListJobsRequest())).TotalCount);
    }

    [Fact]
    public async Task SubmitJob_ToACollabTheUserOnlyViews_IsPermissionDenied_AndStoresNothing()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var bob = host.Jobs(PlatformHost.BobToken);

        var denied = await Assert.ThrowsAsync<RpcException>(() => bob.SubmitJobAsync(JobRequests.Inline()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(0, (await bob.ListJobsAsync(new ListJobsRequest())).TotalCount);
    }

    [Fact]
    public async Task Calls_WithoutOrWithWrongCredentials_AreUnauthenticated()
    {
        await using var host = await PlatformHost.StartAsync(postgres);

        var none = await Assert.ThrowsAsync<RpcException>(() => new Jobs.JobsClient(host.Channel).ListJobsAsync(new ListJobsRequest()).ResponseAsync);
        var wrong = await Assert.ThrowsAsync<RpcException>(() => host.Jobs("nope").ListJobsAsync(new ListJobsRequest()).ResponseAsync);
        var badKey = await Assert.ThrowsAsync<RpcException>(() => host.Adapters("nope").RegisterAdapterAsync(
            new RegisterAdapterRequest { Name = "x1", HardwarePlatform = "Spikey", Capacity = 1 }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, none.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, badKey.StatusCode);
    }
}
