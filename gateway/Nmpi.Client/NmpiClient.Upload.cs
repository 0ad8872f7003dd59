using Google.Protobuf;
using Grpc.Core;
using Nmpi.Api.V1;

namespace Nmpi.Client;

/// <summary>Code uploads: a folder becomes a code bundle, sending only the files the platform does not hold yet.</summary>
public sealed partial class NmpiClient
{
    private const int UploadChunkBytes = 256 * 1024;

    /// <summary>
    /// Uploads a folder as a code bundle of the collab (or of the caller alone when <paramref name="collab"/> is empty):
    /// hashes every file, asks which digests are missing, sends only those, then creates the bundle from the manifest.
    /// </summary>
    public async Task<FolderUpload> UploadFolderAsync(string folder, string? collab, FolderUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FolderUploadOptions();
        var files = await CodeFolder.ScanAsync(folder, options.Exclude, cancellationToken);
        if (files.Count == 0)
        {
            throw new NmpiException($"{Path.GetFullPath(folder)} holds no file to upload (names starting with a dot, __pycache__ and *.pyc are left out).");
        }

        var store = collab ?? "";
        var ask = new FindMissingBlobsRequest { Collab = store };
        ask.Sha256.AddRange(files.Select(f => f.Sha256).Distinct(StringComparer.Ordinal));
        var missing = (await CallAsync(() => Jobs.FindMissingBlobsAsync(ask, Options(cancellationToken)).ResponseAsync)).Missing.ToHashSet(StringComparer.Ordinal);

        // Two files with the same content are one blob: send each missing digest once.
        var toSend = files.Where(f => missing.Contains(f.Sha256)).DistinctBy(f => f.Sha256).ToList();
        var totalSize = toSend.Sum(f => f.Size);
        long done = 0;
        foreach (var file in toSend)
        {
            await UploadWithRetryAsync(store, file, done, totalSize, options.Progress, cancellationToken);
            done += file.Size;
        }

        var create = new CreateCodeBundleRequest { Collab = store };
        create.Files.AddRange(files.Select(f => new CodeBundleEntry { Path = f.Path, Sha256 = f.Sha256, Executable = f.Executable }));
        var bundle = await CallAsync(() => Jobs.CreateCodeBundleAsync(create, Options(cancellationToken)).ResponseAsync);
        var uploaded = files.Count(f => missing.Contains(f.Sha256));
        return new FolderUpload(bundle.Id, files, uploaded, files.Count - uploaded, totalSize, files.Sum(f => f.Size));
    }

    private async Task UploadWithRetryAsync(string store, LocalCodeFile file, long done, long totalSize, IProgress<UploadProgress>? progress, CancellationToken cancellationToken)
    {
        // A blob upload is a client stream, outside the channel's retry policy; repeating it is harmless (content-addressed).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await UploadOneAsync(store, file, done, totalSize, progress, cancellationToken);
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), cancellationToken);
            }
            catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
            {
                throw NmpiException.From(e);
            }
        }
    }

    private async Task UploadOneAsync(string store, LocalCodeFile file, long done, long totalSize, IProgress<UploadProgress>? progress, CancellationToken cancellationToken)
    {
        using var call = Jobs.UploadBlob(Options(cancellationToken));
        await call.RequestStream.WriteAsync(new UploadBlobChunk { Header = new UploadBlobHeader { Collab = store, Sha256 = file.Sha256, Size = file.Size } }, cancellationToken);
        await using (var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, UploadChunkBytes, useAsync: true))
        {
            var buffer = new byte[UploadChunkBytes];
            long sent = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await call.RequestStream.WriteAsync(new UploadBlobChunk { Data = ByteString.CopyFrom(buffer, 0, read) }, cancellationToken);
                sent += read;
                progress?.Report(new UploadProgress(file.Path, sent, file.Size, done + sent, totalSize));
            }
        }

        await call.RequestStream.CompleteAsync();
        await call.ResponseAsync;
        progress?.Report(new UploadProgress(file.Path, file.Size, file.Size, done + file.Size, totalSize));
    }
}
