using Google.Protobuf;
using Grpc.Core;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.Validation;
using Nmpi.GrainInterfaces.Jobs;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Jobs;

/// <summary>The streaming calls of the Jobs service: watch a job or a collab's jobs, follow the log, download an output.</summary>
public sealed partial class JobsService
{
    private const int DownloadChunkBytes = 64 * 1024;

    public override async Task WatchJob(Wire.WatchJobRequest request, IServerStreamWriter<Wire.Job> responseStream, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        var job = await LoadVisibleAsync(request.Id, caller);
        var grain = grains.GetGrain<IJobGrain>(job.Id);
        var access = JobAccess(job, context);
        var cancellation = context.CancellationToken;
        await responseStream.WriteAsync(mapper.ToWire(job), cancellation);
        while (!job.IsTerminal)
        {
            // The grain call cannot be cancelled; WaitAsync stops waiting for it as soon as the client leaves.
            var next = await grain.WaitForChangeAsync(job.Version, long.MaxValue, access.Bound(_options.MaxGrainWait)).WaitAsync(cancellation);
            if (next is null)
            {
                return;
            }

            await access.EnsureAsync();
            if (next.Version > job.Version)
            {
                job = next;
                await responseStream.WriteAsync(mapper.ToWire(job), cancellation);
            }
        }
    }

    public override async Task WatchCollabJobs(Wire.WatchCollabJobsRequest request, IServerStreamWriter<Wire.CollabJobsChange> responseStream, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        if (FieldRules.Collab(request.Collab) is { } problem)
        {
            throw GatewayErrors.InvalidArgument("collab", problem);
        }

        if (!caller.CanView(request.Collab))
        {
            // As for ListJobs: a collab the caller may not see is indistinguishable from one that does not exist.
            throw CollabNotFound(request.Collab);
        }

        var feed = grains.GetGrain<ICollabJobFeedGrain>(request.Collab);
        var access = new StreamAccess(auth, context, time, _options.StreamRecheck, user => user.CanView(request.Collab), () => CollabNotFound(request.Collab));
        var cancellation = context.CancellationToken;
        JobFeedVersion seen = default;
        while (true)
        {
            // The first wait answers at once (nothing seen yet), so the caller knows it is following from here on.
            var now = await feed.WaitForChangeAsync(seen, access.Bound(_options.MaxGrainWait)).WaitAsync(cancellation);
            await access.EnsureAsync();
            if (now != seen)
            {
                seen = now;
                await responseStream.WriteAsync(new Wire.CollabJobsChange { Version = $"{now.Epoch:N}.{now.Count}" }, cancellation);
            }
        }
    }

    public override async Task FollowJobLog(Wire.FollowJobLogRequest request, IServerStreamWriter<Wire.LogChunk> responseStream, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        if (request.FromSeq < 0)
        {
            throw GatewayErrors.InvalidArgument("from_seq", "must be 0 or more");
        }

        var job = await LoadVisibleAsync(request.Id, caller);
        var grain = grains.GetGrain<IJobGrain>(job.Id);
        var access = JobAccess(job, context);
        var cancellation = context.CancellationToken;
        var seq = request.FromSeq;
        while (true)
        {
            var page = await grain.ReadLogAsync(seq, LogPageChunks);
            foreach (var chunk in page.Chunks)
            {
                // Looks again only once the interval has passed: no round trip per chunk.
                await access.EnsureAsync();
                await responseStream.WriteAsync(JobMapper.ToWire(chunk), cancellation);
            }

            seq = Math.Max(seq, page.NextSeq);
            if (page.Chunks.Count > 0)
            {
                continue;
            }

            // Caught up: a terminal job has no more log to come, so the stream ends once it is drained.
            if (page.Complete || job.IsTerminal)
            {
                return;
            }

            // Wakes on a state change or as soon as the log grows past what was sent.
            var next = await grain.WaitForChangeAsync(job.Version, seq, access.Bound(_options.MaxGrainWait)).WaitAsync(cancellation);
            if (next is null)
            {
                return;
            }

            await access.EnsureAsync();
            job = next;
        }
    }

    public override async Task DownloadOutput(Wire.DownloadOutputRequest request, IServerStreamWriter<Wire.OutputChunk> responseStream, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        var job = await LoadVisibleAsync(request.Id, caller);
        var file = job.Outputs.FirstOrDefault(o => string.Equals(o.Path, request.Path, StringComparison.Ordinal))
            ?? throw GatewayErrors.NotFound(ErrorReasons.OutputNotFound, $"Job {job.Id} has no output '{request.Path}'.");
        await using var stream = store.OpenRead(file.Sha256)
            ?? throw GatewayErrors.NotFound(ErrorReasons.ArtifactMissing, $"The stored content of output '{file.Path}' is missing.");

        var cancellation = context.CancellationToken;
        var buffer = new byte[DownloadChunkBytes];
        var first = new Wire.OutputChunk { File = mapper.ToWire(job.Id, file) };
        while (true)
        {
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellation);
            if (read == 0 && first is null)
            {
                return;
            }

            var chunk = first ?? new Wire.OutputChunk();
            chunk.Data = ByteString.CopyFrom(buffer, 0, read);
            first = null;
            await responseStream.WriteAsync(chunk, cancellation);
            if (read < buffer.Length)
            {
                return;
            }
        }
    }

    /// <summary>The re-check of a job stream: the caller must still authenticate and still view the job's collab, else the job is "not found".</summary>
    private StreamAccess JobAccess(JobSnapshot job, ServerCallContext context)
    {
        var (id, collab) = (job.Id, job.Spec.Collab);
        return new StreamAccess(auth, context, time, _options.StreamRecheck, user => user.CanView(collab), () => GatewayErrors.JobNotFound(id));
    }

    private static RpcException CollabNotFound(string collab) =>
        GatewayErrors.NotFound(ErrorReasons.CollabNotFound, $"Collab '{collab}' not found or not accessible.", "collab");
}
