using Grpc.Core;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.CodeBundles;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.Outputs;
using Nmpi.Gateway.Validation;
using Nmpi.GrainInterfaces.Code;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Jobs;

/// <summary>
/// Code uploads: ask which file hashes the store lacks, upload only those (each checked against its
/// claimed hash and size), then name them in a bundle whose id a job runs.
/// </summary>
public sealed partial class JobsService
{
    public override async Task<Wire.FindMissingBlobsResponse> FindMissingBlobs(Wire.FindMissingBlobsRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(CodeBundleValidator.Validate(request));
        var owner = OwnerFor(caller, request.Collab, "collab");
        var blobs = codeStore.Of(owner);
        var response = new Wire.FindMissingBlobsResponse();
        var asked = request.Sha256.Distinct(StringComparer.Ordinal).ToList();
        response.Missing.AddRange(asked.Where(sha256 => blobs.SizeOf(sha256) is null));

        // Files the caller is about to name in a bundle start their grace period again, so the collector spares them.
        await Storage.TouchAsync(owner.Key, [.. asked.Except(response.Missing, StringComparer.Ordinal)]);
        return response;
    }

    public override async Task<Wire.UploadBlobResponse> UploadBlob(IAsyncStreamReader<Wire.UploadBlobChunk> requestStream, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        var cancellation = context.CancellationToken;
        if (!await requestStream.MoveNext(cancellation) || requestStream.Current.PartCase != Wire.UploadBlobChunk.PartOneofCase.Header)
        {
            throw GatewayErrors.InvalidArgument("header", "the first message of an upload must be its header");
        }

        var header = requestStream.Current.Header;
        Throw(CodeBundleValidator.Validate(header, _options.MaxCodeFileBytes));
        var owner = OwnerFor(caller, header.Collab, "header.collab");
        writes.AdmitUpload(caller.UserId, header.Size);
        var room = await Storage.ReserveAsync(owner.Key, header.Size);
        if (!room.Granted)
        {
            GatewayLog.CodeStorageFull(logger, owner.Key, room.Used, room.Limit, header.Size);
            throw GatewayErrors.CodeStorageFull(owner.Description, room.Used, room.Limit, header.Size);
        }

        var recorded = false;
        try
        {
            var stored = await ReceiveBlobAsync(requestStream, header, owner, cancellation);
            await Storage.RecordAsync(owner.Key, stored.Sha256, stored.Size);
            recorded = true;
            GatewayLog.CodeFileStored(logger, owner.Key, stored.Sha256, stored.Size);
            return new Wire.UploadBlobResponse { Sha256 = stored.Sha256, Size = stored.Size };
        }
        finally
        {
            if (!recorded)
            {
                await Storage.ReleaseAsync(owner.Key, header.Size);
            }
        }
    }

    /// <summary>Writes the upload's data to the owner's store, checked against the header's size and digest.</summary>
    private async Task<StoredArtifact> ReceiveBlobAsync(IAsyncStreamReader<Wire.UploadBlobChunk> requestStream, Wire.UploadBlobHeader header, CodeOwner owner, CancellationToken cancellation)
    {
        // The claimed size is the cap: a sender cannot make the gateway write more than it announced (or reserved).
        await using var upload = codeStore.Of(owner).BeginUpload(header.Size);
        while (await requestStream.MoveNext(cancellation))
        {
            var chunk = requestStream.Current;
            if (chunk.PartCase != Wire.UploadBlobChunk.PartOneofCase.Data)
            {
                throw GatewayErrors.InvalidArgument("header", "only the first message of an upload may be a header");
            }

            if (!await upload.WriteAsync(chunk.Data.Memory, cancellation))
            {
                throw GatewayErrors.InvalidArgument("data", $"more than header.size ({header.Size}) bytes were sent; nothing was stored");
            }
        }

        if (upload.Size != header.Size)
        {
            throw GatewayErrors.InvalidArgument("data", $"{upload.Size} bytes were sent but header.size is {header.Size}; nothing was stored");
        }

        var (committed, received) = await upload.CommitIfHashAsync(header.Sha256, cancellation);
        if (!committed)
        {
            throw GatewayErrors.InvalidArgument("header.sha256", $"the data hashes to {received.Sha256}, not to the claimed digest; nothing was stored");
        }

        return received;
    }

    public override async Task<Wire.CodeBundle> CreateCodeBundle(Wire.CreateCodeBundleRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(CodeBundleValidator.Validate(request));
        var owner = OwnerFor(caller, request.Collab, "collab");
        var blobs = codeStore.Of(owner);

        // Named files start their grace period again before they are looked for, so the collector does not take them meanwhile.
        await Storage.TouchAsync(owner.Key, [.. request.Files.Select(f => f.Sha256).Distinct(StringComparer.Ordinal)]);
        var files = new List<CodeFile>(request.Files.Count);
        var missing = new List<FieldViolation>();
        for (var i = 0; i < request.Files.Count; i++)
        {
            var entry = request.Files[i];
            if (blobs.SizeOf(entry.Sha256) is { } size)
            {
                files.Add(new CodeFile(entry.Path, entry.Sha256, size, entry.Executable));
            }
            else
            {
                missing.Add(new($"files[{i}].sha256", "no file with this digest was uploaded to this code store; upload it first (FindMissingBlobs lists what is missing)"));
            }
        }

        Throw(CodeBundleValidator.Capped(missing, "files"));
        var total = files.Sum(f => f.Size);
        if (total > _options.MaxCodeBundleBytes)
        {
            throw GatewayErrors.InvalidArgument("files", $"the files add up to {total} bytes; a bundle may hold at most {_options.MaxCodeBundleBytes}");
        }

        var sorted = CodeManifest.Sorted(files);
        var id = CodeManifest.Id(owner, sorted);
        var bundle = new CodeBundle { Id = id, Collab = owner.Collab, CreatedBy = caller.UserId, CreatedAt = time.GetUtcNow(), Files = sorted };
        var stored = await grains.GetGrain<ICodeBundleGrain>(id).CreateAsync(bundle);
        GatewayLog.CodeBundleCreated(logger, stored.Id, owner.Key, stored.Files.Count, stored.TotalSize);
        return CodeBundleMapper.ToWire(stored);
    }

    public override async Task<Wire.CodeBundle> GetCodeBundle(Wire.GetCodeBundleRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(CodeBundleValidator.Validate(request));
        var bundle = await grains.GetGrain<ICodeBundleGrain>(request.Id).GetAsync();
        return bundle is not null && caller.CanView(bundle)
            ? CodeBundleMapper.ToWire(bundle)
            : throw BundleNotFound(request.Id, "id");
    }

    /// <summary>Refuses a submit naming a bundle the caller cannot see (as if missing) or may not run.</summary>
    private async Task RequireUsableBundleAsync(string id, UserPrincipal caller)
    {
        var bundle = await grains.GetGrain<ICodeBundleGrain>(id).GetAsync();
        if (bundle is null || !caller.CanView(bundle))
        {
            throw BundleNotFound(id, "code.artifact_id");
        }

        if (!caller.CanUse(bundle))
        {
            throw GatewayErrors.PermissionDenied(
                $"code.artifact_id: running code bundle '{id}' needs the editor or administrator role in collab '{bundle.Collab}'.",
                field: "code.artifact_id");
        }
    }

    /// <summary>The code store a request names: a collab the caller may submit to, or (empty) the caller's own.</summary>
    private static CodeOwner OwnerFor(UserPrincipal caller, string collab, string field)
    {
        if (collab.Length == 0)
        {
            return new CodeOwner(null, caller.UserId);
        }

        // The same answers as SubmitJob: no role hides the collab, a viewer learns only that they may not write.
        if (!caller.CanView(collab))
        {
            throw GatewayErrors.NotFound(ErrorReasons.CollabNotFound, $"{field}: collab '{collab}' not found or not accessible.", field);
        }

        return caller.CanSubmit(collab)
            ? new CodeOwner(collab, caller.UserId)
            : throw GatewayErrors.PermissionDenied($"{field}: uploading code to collab '{collab}' needs the editor or administrator role.", field: field);
    }

    private ICodeStorageGrain Storage => grains.GetGrain<ICodeStorageGrain>(0);

    private static RpcException BundleNotFound(string id, string field) =>
        GatewayErrors.NotFound(ErrorReasons.CodeBundleNotFound, $"{field}: code bundle '{id}' not found or not accessible.", field);
}
