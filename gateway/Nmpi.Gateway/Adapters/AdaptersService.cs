using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.CodeBundles;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.Jobs;
using Nmpi.Gateway.Outputs;
using Nmpi.Gateway.ProviderKeys;
using Nmpi.Gateway.Validation;
using Nmpi.GrainInterfaces.Adapters;
using Nmpi.GrainInterfaces.Jobs;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Adapters;

/// <summary>The site adapters' gRPC service: scoped by API key to one site and its platforms, fenced by lease epochs in the grains.</summary>
public sealed partial class AdaptersService(
    IGrainFactory grains,
    AdapterAuthenticator auth,
    AdapterKeyBinding binding,
    JobMapper mapper,
    ArtifactStore store,
    CodeBlobStore codeStore,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<AdaptersService> logger) : Wire.Adapters.AdaptersBase
{
    private readonly GatewayOptions _options = options.Value;

    public override async Task<Wire.RegisterAdapterResponse> RegisterAdapter(Wire.RegisterAdapterRequest request, ServerCallContext context)
    {
        var key = await auth.AuthenticateAsync(context);
        Throw(AdapterRequestValidator.Validate(request));
        if (!key.Serves(request.HardwarePlatform))
        {
            throw GatewayErrors.PermissionDenied($"This API key may not serve platform '{request.HardwarePlatform}'.");
        }

        var adapterId = key.AdapterId(request.Name);
        var adapter = grains.GetGrain<IHardwareAdapterGrain>(adapterId);
        if (!await binding.AdmitsAsync(await adapter.GetRegistrationAsync(), key))
        {
            // Re-registering another key's adapter would hand over its live leases (and take them from it).
            throw GatewayErrors.AdapterNotFound(adapterId, "name");
        }

        var timing = await adapter.RegisterAsync(new AdapterRegistration(request.HardwarePlatform, request.Capacity, request.SoftwareVersion, key.KeyId));
        GatewayLog.AdapterRegistered(logger, adapterId, request.HardwarePlatform, request.Capacity);
        var response = new Wire.RegisterAdapterResponse
        {
            AdapterId = adapterId,
            LeaseDuration = Duration.FromTimeSpan(timing.LeaseDuration),
            HeartbeatInterval = Duration.FromTimeSpan(timing.HeartbeatInterval),
        };
        response.LiveLeases.AddRange(timing.LiveLeases.Select(ToWire));
        return response;
    }

    public override async Task<Wire.LeaseJobsResponse> LeaseJobs(Wire.LeaseJobsRequest request, ServerCallContext context)
    {
        var key = await auth.AuthenticateAsync(context);
        Throw(AdapterRequestValidator.Validate(request));
        var adapter = await RegisteredAdapterAsync(key, request.AdapterId);
        var wait = request.Wait?.ToTimeSpan() ?? _options.LeaseDefaultWait;
        var grants = await LeaseInSlicesAsync(adapter, request.MaxJobs, wait > _options.LeaseMaxWait ? _options.LeaseMaxWait : wait, context.CancellationToken);
        if (context.CancellationToken.IsCancellationRequested && grants.Count > 0)
        {
            // The adapter left while its jobs were being leased: give them back rather than let the leases lapse.
            await ReturnAsync(request.AdapterId, [.. grants.Select(g => g.Lease)]);
            throw new RpcException(new Status(StatusCode.Cancelled, "The caller went away; its leases were returned."));
        }

        var (sent, over) = LeaseReplyBudget.Fit(
            grants.Select(g => new Wire.LeasedJob { Lease = ToWire(g.Lease), Job = mapper.ToWire(g.Job), LeaseExpiresAt = Timestamp.FromDateTimeOffset(g.ExpiresAt) }),
            _options.MaxLeaseReplyBytes);
        if (over.Count > 0)
        {
            // Not started, so no attempt is spent: the next LeaseJobs takes them again.
            await ReturnAsync(request.AdapterId, [.. over.Select(j => ToGrain(j.Lease))]);
        }

        var response = new Wire.LeaseJobsResponse();
        response.Jobs.AddRange(sent);
        return response;
    }

    public override async Task<Wire.HeartbeatResponse> Heartbeat(Wire.HeartbeatRequest request, ServerCallContext context)
    {
        var key = await auth.AuthenticateAsync(context);
        Throw(AdapterRequestValidator.Validate(request));
        var adapter = await RegisteredAdapterAsync(key, request.AdapterId);
        var result = await adapter.HeartbeatAsync([.. request.Leases.Select(ToGrain)]);
        var response = new Wire.HeartbeatResponse { LeaseExpiresAt = Timestamp.FromDateTimeOffset(result.LeaseExpiresAt) };
        response.Renewed.AddRange(result.Renewed.Select(ToWire));
        response.Stop.AddRange(result.Stop.Select(ToWire));
        return response;
    }

    public override async Task<Wire.ReturnJobsResponse> ReturnJobs(Wire.ReturnJobsRequest request, ServerCallContext context)
    {
        var key = await auth.AuthenticateAsync(context);
        Throw(AdapterRequestValidator.Validate(request));
        await RequireReporterAsync(key, request.AdapterId);
        var response = new Wire.ReturnJobsResponse();
        response.Returned.AddRange(await ReturnAsync(request.AdapterId, [.. request.Leases.Select(ToGrain)]));
        return response;
    }

    public override async Task<Wire.ReportAck> MarkRunning(Wire.JobReport request, ServerCallContext context)
    {
        var key = await auth.AuthenticateAsync(context);
        Throw(AdapterRequestValidator.Validate(request));
        await RequireReporterAsync(key, request.AdapterId);
        var applied = await ScopedAsync(key, request.AdapterId, request.Lease.JobId,
            () => grains.GetGrain<IJobGrain>(request.Lease.JobId).MarkRunningAsync(request.AdapterId, ToGrain(request.Lease)));
        return new Wire.ReportAck { Applied = applied };
    }

    public override async Task<Wire.ReportAck> AppendLog(Wire.AppendLogRequest request, ServerCallContext context)
    {
        var key = await auth.AuthenticateAsync(context);
        Throw(AdapterRequestValidator.Validate(request));
        await RequireReporterAsync(key, request.AdapterId);
        var applied = await ScopedAsync(key, request.AdapterId, request.Lease.JobId,
            () => grains.GetGrain<IJobGrain>(request.Lease.JobId).AppendLogAsync(request.AdapterId, ToGrain(request.Lease), request.Seq, request.Text));
        return new Wire.ReportAck { Applied = applied };
    }

    public override async Task<Wire.OutputFile> UploadOutput(IAsyncStreamReader<Wire.UploadOutputChunk> requestStream, ServerCallContext context)
    {
        var key = await auth.AuthenticateAsync(context);
        var cancellation = context.CancellationToken;
        if (!await requestStream.MoveNext(cancellation) || requestStream.Current.PartCase != Wire.UploadOutputChunk.PartOneofCase.Header)
        {
            throw GatewayErrors.InvalidArgument("header", "the first message of an upload must be its header");
        }

        var header = requestStream.Current.Header;
        Throw(AdapterRequestValidator.Validate(header));
        await RequireReporterAsync(key, header.AdapterId, "header.adapter_id");

        // The job's output caps are asked first, so a file beyond them is refused before any of it is stored.
        var job = grains.GetGrain<IJobGrain>(header.Lease.JobId);
        var bytesLeft = await ScopedAsync(key, header.AdapterId, header.Lease.JobId,
            () => RefusingOutputAsync(header, () => job.OutputBytesLeftAsync(header.AdapterId, ToGrain(header.Lease), header.Path)));
        var cap = Math.Min(_options.MaxOutputFileBytes, bytesLeft);
        await using var upload = store.BeginUpload(cap);
        while (await requestStream.MoveNext(cancellation))
        {
            var chunk = requestStream.Current;
            if (chunk.PartCase != Wire.UploadOutputChunk.PartOneofCase.Data)
            {
                throw GatewayErrors.InvalidArgument("header", "only the first message of an upload may be a header");
            }

            if (!await upload.WriteAsync(chunk.Data.Memory, cancellation))
            {
                GatewayLog.OutputTooLarge(logger, header.Lease.JobId, upload.Size + chunk.Data.Length, cap);
                throw cap < _options.MaxOutputFileBytes
                    ? GatewayErrors.ResourceExhausted(ErrorReasons.LimitExceeded, $"Job {header.Lease.JobId}: the job's outputs may add up to at most {bytesLeft} more bytes; {header.Path} was not stored.")
                    : GatewayErrors.ResourceExhausted(ErrorReasons.OutputTooLarge, $"Output files may be at most {_options.MaxOutputFileBytes} bytes.");
            }
        }

        var stored = await upload.CommitAsync(cancellation);
        var contentType = header.ContentType.Length > 0 ? header.ContentType : "application/octet-stream";
        var file = new OutputFile(header.Path, stored.Size, contentType, stored.Sha256);

        // The grain fences the lease epoch and checks the caps again; a refused upload leaves only an unreferenced content-addressed blob.
        await ScopedAsync(key, header.AdapterId, header.Lease.JobId,
            () => RefusingOutputAsync(header, () => job.AddOutputAsync(header.AdapterId, ToGrain(header.Lease), file)));
        GatewayLog.OutputStored(logger, header.Lease.JobId, file.Path, file.Sha256, file.Size);
        return mapper.ToWire(header.Lease.JobId, file);
    }

    public override async Task<Wire.ReportAck> CompleteJob(Wire.CompleteJobRequest request, ServerCallContext context)
    {
        var key = await auth.AuthenticateAsync(context);
        Throw(AdapterRequestValidator.Validate(request));
        await RequireReporterAsync(key, request.AdapterId);
        var completion = new JobCompletion
        {
            Outcome = request.Outcome switch
            {
                Wire.Outcome.Finished => JobStatus.Finished,
                Wire.Outcome.Error => JobStatus.Error,
                _ => JobStatus.Cancelled,
            },
            FailureReason = request.Outcome == Wire.Outcome.Error ? StatusMapper.ToGrain(request.FailureReason) : FailureReason.None,
            Message = request.Message.Length > 0 ? request.Message : null,
            ResourceUsage = request.ResourceUsage is { } usage ? new ResourceUsage(usage.Value, usage.Units) : null,
            ProvenanceJson = StructJson.ToJson(request.Provenance),
        };
        var applied = await ScopedAsync(key, request.AdapterId, request.Lease.JobId,
            () => grains.GetGrain<IJobGrain>(request.Lease.JobId).CompleteAsync(request.AdapterId, ToGrain(request.Lease), completion));
        return new Wire.ReportAck { Applied = applied };
    }

    /// <summary>Runs a job grain call about an output, logging a refusal by the job's output caps before it goes back to the adapter.</summary>
    private async Task<T> RefusingOutputAsync<T>(Wire.UploadOutputHeader header, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (JobRejectedException e) when (e.Rejection == JobRejection.LimitExceeded)
        {
            GatewayLog.OutputRefused(logger, header.Lease.JobId, header.Path, e.Message);
            throw;
        }
    }

    /// <summary>Long-polls in slices no longer than one grain call may wait, until jobs come, the wait is over or the caller leaves.</summary>
    private async Task<IReadOnlyList<LeaseGrant>> LeaseInSlicesAsync(IHardwareAdapterGrain adapter, int max, TimeSpan wait, CancellationToken cancellation)
    {
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var started = time.GetUtcNow();
            var remaining = deadline - started;
            var slice = remaining <= _options.MaxGrainWait ? remaining : _options.MaxGrainWait;
            if (slice < TimeSpan.Zero)
            {
                slice = TimeSpan.Zero;
            }

            // Not cancelled mid-call: jobs leased while the caller leaves would sit out their lease before being requeued.
            var grants = await adapter.LeaseAsync(max, slice);

            // Done when jobs came, the whole wait is used, or the grain answered early with nothing (no free capacity): never spin.
            if (grants.Count > 0 || slice == remaining || remaining <= TimeSpan.Zero || time.GetUtcNow() - started < slice)
            {
                return grants;
            }

            cancellation.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Checks the adapter id belongs to the key's site and its registered platform to the key's platforms.</summary>
    private async Task<IEnumerable<Wire.LeaseRef>> ReturnAsync(string adapterId, IReadOnlyList<LeaseRef> leases)
    {
        var outcomes = await Task.WhenAll(leases.Select(async lease =>
        {
            try
            {
                await grains.GetGrain<IJobGrain>(lease.JobId).ReturnLeaseAsync(adapterId, lease);
                return (lease, returned: true);
            }
            catch (JobRejectedException)
            {
                // Started or leased to someone else since: not the caller's to return.
                return (lease, returned: false);
            }
        }));
        return outcomes.Where(o => o.returned).Select(o => ToWire(o.lease));
    }

    /// <summary>The adapter, once checked to be of the key's site, registered, of a platform the key serves and bound to the key.</summary>
    private async Task<IHardwareAdapterGrain> RegisteredAdapterAsync(AdapterPrincipal key, string adapterId)
    {
        RequireOwned(key, adapterId);
        var adapter = grains.GetGrain<IHardwareAdapterGrain>(adapterId);
        var registration = await adapter.GetRegistrationAsync()
            ?? throw GatewayErrors.FailedPrecondition(ErrorReasons.AdapterNotRegistered, $"Adapter '{adapterId}' is not registered; call RegisterAdapter first.");
        await RequireServedAndBoundAsync(key, adapterId, registration, "adapter_id");
        return adapter;
    }

    /// <summary>Checks a report's adapter like <see cref="RegisteredAdapterAsync"/>; an adapter never registered holds no lease, which the job's fence refuses.</summary>
    private async Task RequireReporterAsync(AdapterPrincipal key, string adapterId, string field = "adapter_id")
    {
        RequireOwned(key, adapterId, field);
        if (await grains.GetGrain<IHardwareAdapterGrain>(adapterId).GetRegistrationAsync() is { } registration)
        {
            await RequireServedAndBoundAsync(key, adapterId, registration, field);
        }
    }

    private async Task RequireServedAndBoundAsync(AdapterPrincipal key, string adapterId, AdapterRegistration registration, string field)
    {
        // Another key's adapter, or one of a platform the key does not serve, is answered as an unknown id.
        if (!key.Serves(registration.Platform) || !await binding.AdmitsAsync(registration, key))
        {
            throw GatewayErrors.AdapterNotFound(adapterId, field);
        }
    }

    private static void RequireOwned(AdapterPrincipal key, string adapterId, string field = "adapter_id")
    {
        if (adapterId.Length == 0)
        {
            throw GatewayErrors.InvalidArgument(field, "is required (the id RegisterAdapter returned)");
        }

        if (!key.Owns(adapterId))
        {
            throw GatewayErrors.AdapterNotFound(adapterId, field);
        }
    }

    private static void Throw(IReadOnlyList<FieldViolation> violations)
    {
        if (violations.Count > 0)
        {
            throw GatewayErrors.InvalidArgument(violations);
        }
    }

    private static LeaseRef ToGrain(Wire.LeaseRef lease) => new(lease.JobId, lease.Epoch);

    private static Wire.LeaseRef ToWire(LeaseRef lease) => new() { JobId = lease.JobId, Epoch = lease.Epoch };
}
