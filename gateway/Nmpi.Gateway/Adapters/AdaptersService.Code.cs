using Google.Protobuf;
using Grpc.Core;
using Nmpi.Gateway.CodeBundles;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.Validation;
using Nmpi.GrainInterfaces.Code;
using Nmpi.GrainInterfaces.Jobs;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Adapters;

/// <summary>The adapters' download of a leased job's code bundle.</summary>
public sealed partial class AdaptersService
{
    private const int CodeChunkBytes = 64 * 1024;

    public override async Task DownloadCodeBundle(Wire.DownloadCodeBundleRequest request, IServerStreamWriter<Wire.CodeBundleChunk> responseStream, ServerCallContext context)
    {
        var key = await auth.AuthenticateAsync(context);
        Throw(CodeBundleValidator.Validate(request));
        await RequireReporterAsync(key, request.AdapterId);

        // Fenced like the reports: only the live lease holder may read the job's code; reading changes nothing.
        var lease = request.Lease;
        var job = await grains.GetGrain<IJobGrain>(lease.JobId).GetAsync() ?? throw GatewayErrors.JobNotFound(lease.JobId);
        if (!string.Equals(job.AdapterId, request.AdapterId, StringComparison.Ordinal) || job.LeaseEpoch != lease.Epoch
            || job.Status is not (JobStatus.Validated or JobStatus.Running))
        {
            if (!await IsCallersAsync(LeaseHolding.Of(job), request.AdapterId, key))
            {
                throw GatewayErrors.JobNotFound(lease.JobId);
            }

            throw GatewayErrors.FailedPrecondition(
                ErrorReasons.StaleLease,
                $"Lease epoch {lease.Epoch} of job {lease.JobId} is not a live lease of adapter '{request.AdapterId}'; the job is no longer yours.");
        }

        if (job.Spec.CodeSource != CodeSource.Artifact)
        {
            // Not FAILED_PRECONDITION: to adapters that means the lease is gone.
            throw GatewayErrors.NotFound(ErrorReasons.NoCodeBundle, $"Job {job.Id} does not run a code bundle (its code source is {job.Spec.CodeSource}).");
        }

        var bundle = await grains.GetGrain<ICodeBundleGrain>(job.Spec.Code).GetAsync()
            ?? throw GatewayErrors.NotFound(ErrorReasons.CodeBundleNotFound, $"Code bundle '{job.Spec.Code}' of job {job.Id} does not exist.");
        var blobs = codeStore.Of(new CodeOwner(bundle.Collab, bundle.CreatedBy));
        var cancellation = context.CancellationToken;
        await responseStream.WriteAsync(new Wire.CodeBundleChunk { Bundle = CodeBundleMapper.ToWire(bundle) }, cancellation);

        var buffer = new byte[CodeChunkBytes];
        for (var i = 0; i < bundle.Files.Count; i++)
        {
            var file = bundle.Files[i];
            await using var content = blobs.OpenRead(file.Sha256)
                ?? throw GatewayErrors.NotFound(ErrorReasons.ArtifactMissing, $"The stored content of code file '{file.Path}' is missing.");
            if (content.Length != file.Size)
            {
                throw GatewayErrors.NotFound(ErrorReasons.ArtifactMissing, $"The stored content of code file '{file.Path}' has {content.Length} bytes, not {file.Size}.");
            }

            while (await content.ReadAsync(buffer, cancellation) is var read and > 0)
            {
                await responseStream.WriteAsync(
                    new Wire.CodeBundleChunk { Data = new Wire.CodeFileData { FileIndex = i, Data = ByteString.CopyFrom(buffer, 0, read) } },
                    cancellation);
            }
        }
    }
}
