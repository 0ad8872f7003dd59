using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.V1;
// The site adapter library's namespace (Nmpi.Adapters) would otherwise shadow the generated Adapters service class.
using AdaptersClient = Nmpi.Api.V1.Adapters.AdaptersClient;

namespace Nmpi.Cluster.Tests.Infrastructure;

/// <summary>A small site adapter speaking the real Adapters API over gRPC (the real adapters are issue 3).</summary>
public sealed class TestAdapter(AdaptersClient client, string adapterId)
{
    // Jobs leased while looking for another one: kept, as a real adapter would run them.
    private readonly Dictionary<long, LeasedJob> _unclaimed = [];

    public string Id { get; } = adapterId;

    public AdaptersClient Client { get; } = client;

    public static Task<TestAdapter> RegisterAsync(PlatformHost host, string name, string platform, int capacity = 4, string key = PlatformHost.SiteKey) =>
        RegisterAsync(host.Adapters(key), name, platform, capacity);

    /// <summary>Registers through any Adapters client (an in-process platform or a process cluster's gateway).</summary>
    public static async Task<TestAdapter> RegisterAsync(AdaptersClient client, string name, string platform, int capacity = 4)
    {
        var reply = await client.RegisterAdapterAsync(new RegisterAdapterRequest
        {
            Name = name,
            HardwarePlatform = platform,
            Capacity = capacity,
            SoftwareVersion = "test-adapter 1.0",
        });
        return new TestAdapter(client, reply.AdapterId);
    }

    /// <summary>Long-polls until at least one job is leased or the wait ends.</summary>
    public async Task<IReadOnlyList<LeasedJob>> LeaseAsync(int max = 1, TimeSpan? wait = null)
    {
        var reply = await Client.LeaseJobsAsync(new LeaseJobsRequest
        {
            AdapterId = Id,
            MaxJobs = max,
            Wait = Duration.FromTimeSpan(wait ?? TimeSpan.FromSeconds(10)),
        });
        return reply.Jobs;
    }

    /// <summary>Leases until the given job is among the leased ones.</summary>
    public async Task<LeasedJob> LeaseJobAsync(long jobId, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (_unclaimed.Remove(jobId, out var wanted))
            {
                return wanted;
            }

            foreach (var leased in await LeaseAsync(10, TimeSpan.FromSeconds(2)))
            {
                _unclaimed[leased.Job.Id] = leased;
            }
        }

        throw new TimeoutException($"Job {jobId} was not leased to {Id}.");
    }

    /// <summary>Submits a job as the given user, leases it to this adapter and starts it.</summary>
    public async Task<(Job Job, LeasedJob Leased)> SubmitAndStartAsync(Jobs.JobsClient user, SubmitJobRequest request)
    {
        var job = await user.SubmitJobAsync(request);
        var leased = await LeaseJobAsync(job.Id);
        await MarkRunningAsync(leased.Lease);
        return (job, leased);
    }

    public async Task<IReadOnlyList<LeaseRef>> ReturnAsync(params LeaseRef[] leases)
    {
        var request = new ReturnJobsRequest { AdapterId = Id };
        request.Leases.AddRange(leases);
        return (await Client.ReturnJobsAsync(request)).Returned;
    }

    public Task<ReportAck> MarkRunningAsync(LeaseRef lease) =>
        Client.MarkRunningAsync(new JobReport { Lease = lease, AdapterId = Id }).ResponseAsync;

    public Task<ReportAck> AppendLogAsync(LeaseRef lease, long seq, string text) =>
        Client.AppendLogAsync(new AppendLogRequest { Lease = lease, AdapterId = Id, Seq = seq, Text = text }).ResponseAsync;

    public Task<HeartbeatResponse> HeartbeatAsync(params LeaseRef[] leases)
    {
        var request = new HeartbeatRequest { AdapterId = Id };
        request.Leases.AddRange(leases);
        return Client.HeartbeatAsync(request).ResponseAsync;
    }

    public async Task<OutputFile> UploadAsync(LeaseRef lease, string path, byte[] content, string contentType = "application/octet-stream", int chunkSize = 64 * 1024)
    {
        using var call = Client.UploadOutput();
        await call.RequestStream.WriteAsync(new UploadOutputChunk
        {
            Header = new UploadOutputHeader { Lease = lease, AdapterId = Id, Path = path, ContentType = contentType },
        });
        for (var offset = 0; offset < content.Length; offset += chunkSize)
        {
            var length = Math.Min(chunkSize, content.Length - offset);
            await call.RequestStream.WriteAsync(new UploadOutputChunk { Data = ByteString.CopyFrom(content, offset, length) });
        }

        await call.RequestStream.CompleteAsync();
        return await call;
    }

    public Task<ReportAck> CompleteAsync(LeaseRef lease, Outcome outcome = Outcome.Finished, FailureReason reason = FailureReason.Unspecified, string message = "") =>
        Client.CompleteJobAsync(new CompleteJobRequest
        {
            Lease = lease,
            AdapterId = Id,
            Outcome = outcome,
            FailureReason = reason,
            Message = message,
            ResourceUsage = new ResourceUsage { Value = 0.25, Units = "core-hours" },
            Provenance = Struct.Parser.ParseJson("""{"adapter": "test-adapter", "backend": "mock"}"""),
        }).ResponseAsync;
}
