using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Tenancy;

/// <summary>Fields only the server may set (owner, status, timestamps, usage, attempt, lease epoch) are never taken from a caller.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ServerOwnedFieldsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Submit_WithTheFieldsOfAFinishedJobAppended_StoresAFreshJobOfTheCaller()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var request = WithAppendedJobFields(JobRequests.Inline());

        var submitted = await alice.SubmitJobAsync(request);
        var stored = await alice.GetJobAsync(new GetJobRequest { Id = submitted.Id });

        Assert.NotEqual(0, request.CalculateSize() - JobRequests.Inline().CalculateSize()); // The forged fields did go out.
        Assert.Equal("alice", stored.UserId);
        Assert.Contains(stored.Status, new[] { JobStatus.Submitted, JobStatus.Validated });
        Assert.Equal(1, stored.Attempt);
        Assert.True(stored.TimestampSubmission.ToDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Null(stored.TimestampCompletion);
        Assert.Null(stored.ResourceUsage);
        Assert.Empty(stored.OutputData);
        Assert.NotEqual(4242, stored.Id);
    }

    [Fact]
    public async Task Report_WithALeaseEpochTheServerNeverGave_ChangesNothing()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");
        var job = await alice.SubmitJobAsync(JobRequests.Inline());
        var leased = await adapter.LeaseJobAsync(job.Id);
        var forged = new LeaseRef { JobId = job.Id, Epoch = leased.Lease.Epoch + 1 };

        var applied = await AppliedAsync(() => adapter.MarkRunningAsync(forged));
        var completed = await AppliedAsync(() => adapter.CompleteAsync(forged));
        var stored = await alice.GetJobAsync(new GetJobRequest { Id = job.Id });

        Assert.False(applied);
        Assert.False(completed);
        Assert.NotEqual(JobStatus.Running, stored.Status);
        Assert.NotEqual(JobStatus.Finished, stored.Status);
        Assert.True(await adapter.MarkRunningAsync(leased.Lease) is { Applied: true });
    }

    private static async Task<bool> AppliedAsync(Func<Task<ReportAck>> report)
    {
        try
        {
            return (await report()).Applied;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            return false;
        }
    }

    // Appends, under the field numbers the Job message uses for them, the status (finished), submission and completion
    // times, resource usage and attempt of a finished job (what a client reusing the Job type would send), and an id.
    private static SubmitJobRequest WithAppendedJobFields(SubmitJobRequest request)
    {
        using var extra = new MemoryStream();
        var output = new CodedOutputStream(extra);
        output.WriteTag(10, WireFormat.WireType.Varint);
        output.WriteEnum((int)JobStatus.Finished);
        output.WriteTag(11, WireFormat.WireType.LengthDelimited);
        output.WriteMessage(Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch));
        output.WriteTag(13, WireFormat.WireType.LengthDelimited);
        output.WriteMessage(Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddHours(1)));
        output.WriteTag(16, WireFormat.WireType.LengthDelimited);
        output.WriteMessage(new ResourceUsage { Value = -1000, Units = "core-hours" });
        output.WriteTag(19, WireFormat.WireType.Varint);
        output.WriteInt32(7);
        output.WriteTag(100, WireFormat.WireType.Varint);
        output.WriteInt64(4242);
        output.Flush();

        // Parsing keeps fields the schema does not know, and serializing sends them again, as a foreign client would.
        return SubmitJobRequest.Parser.ParseFrom([.. request.ToByteArray(), .. extra.ToArray()]);
    }
}
