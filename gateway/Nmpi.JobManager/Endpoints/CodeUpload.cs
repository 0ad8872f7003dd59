using System.IO.Compression;
using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Nmpi.Api.V1;
using Nmpi.JobManager.Display;

namespace Nmpi.JobManager.Endpoints;

/// <summary>
/// Turns the files posted with the new-job form (a chosen folder, or one zip) into a code bundle the way <c>nmpi run</c> does:
/// hash every file, ask which the collab's code store lacks (FindMissingBlobs), upload only those (UploadBlob), then name
/// them all in a bundle (CreateCodeBundle). Files are streamed from the request, never held in memory whole.
/// </summary>
internal static class CodeUpload
{
    // The limits of one bundle (the platform refuses more anyway; these stop a zip bomb before it is read).
    private const int MaxFiles = 10_000;
    private const long MaxTotalBytes = 512L << 20;
    private const int ChunkBytes = 64 * 1024;

    // A zip lists folders and skipped files (caches, hidden files) too, so it may list more entries than a bundle holds files.
    private const ulong MaxZipEntries = 2 * MaxFiles;

    // Room for the longest entries a bundle's paths allow; a bigger central directory is refused before it is read.
    private const ulong MaxZipDirectoryBytes = MaxZipEntries * 1024;

    /// <summary>One file to upload: its path in the bundle and how to read it (again).</summary>
    private sealed record Source(string Path, bool Executable, long Size, Func<Stream> Open);

    /// <summary>The bundle id of the posted files; a problem the person can fix is a <see cref="FormatException"/> saying what.</summary>
    public static async Task<string?> BundleAsync(HttpContext http, IPlatformServices platform, string collab, IFormCollection form)
    {
        var folder = form.Files.GetFiles(NewJobForm.UploadFiles).Where(f => f.FileName.Length > 0).ToList();
        var zip = form.Files.GetFile(NewJobForm.UploadZip) is { Length: > 0 } z ? z : null;
        if (folder.Count == 0 && zip is null)
        {
            return null;
        }

        if (folder.Count > 0 && zip is not null)
        {
            throw new FormatException("choose either a folder or a zip, not both");
        }

        ZipArchive? archive = null;
        try
        {
            List<(string Path, bool Executable, long Size, Func<Stream> Open)> raw;
            if (zip is not null)
            {
                // The zip reader reads synchronously, which the request's stream refuses: copy it to a file that goes with the archive.
                var copy = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                try
                {
                    await zip.CopyToAsync(copy, http.RequestAborted);

                    // ZipArchive makes an object per listed entry before anything can be counted: check the listing's claim first.
                    if (ZipDirectory.Read(copy) is { } listing && (listing.Entries > MaxZipEntries || listing.DirectoryBytes > MaxZipDirectoryBytes))
                    {
                        await copy.DisposeAsync();
                        throw new FormatException(listing.Entries > MaxZipEntries
                            ? $"{zip.FileName} lists {listing.Entries} entries; a zip for a code bundle may list at most {MaxZipEntries}"
                            : $"{zip.FileName} has a {listing.DirectoryBytes}-byte list of entries; a zip for a code bundle may have at most {MaxZipDirectoryBytes}");
                    }

                    copy.Position = 0;
                    archive = new ZipArchive(copy, ZipArchiveMode.Read);
                }
                catch (InvalidDataException)
                {
                    await copy.DisposeAsync();
                    throw new FormatException($"{zip.FileName} is not a zip archive");
                }

                raw = [.. archive.Entries.Where(e => !e.FullName.EndsWith('/'))
                    .Select(e => (e.FullName, ((e.ExternalAttributes >> 16) & 0x40) != 0, e.Length, (Func<Stream>)e.Open))];
            }
            else
            {
                raw = [.. folder.Select(f => (f.FileName, false, f.Length, (Func<Stream>)f.OpenReadStream))];
            }

            var sources = Sources(raw);
            return await UploadAsync(http, platform, collab, sources);
        }
        finally
        {
            archive?.Dispose();
        }
    }

    private static List<Source> Sources(List<(string Path, bool Executable, long Size, Func<Stream> Open)> raw)
    {
        var kept = new List<(string Path, bool Executable, long Size, Func<Stream> Open)>();
        foreach (var file in raw)
        {
            var path = UploadPaths.Normalize(file.Path) ?? throw new FormatException($"'{file.Path}' is not a path inside the code folder");
            if (!UploadPaths.IsSkipped(path))
            {
                kept.Add((path, file.Executable, file.Size, file.Open));
            }
        }

        if (kept.Count == 0)
        {
            throw new FormatException("holds no files to run (hidden files and Python caches are left out)");
        }

        if (kept.Count > MaxFiles)
        {
            throw new FormatException($"holds {kept.Count} files; a code bundle may hold at most {MaxFiles}");
        }

        if (kept.Sum(f => f.Size) > MaxTotalBytes)
        {
            throw new FormatException($"holds more than {MaxTotalBytes >> 20} MiB; leave data files out of the code");
        }

        var paths = UploadPaths.WithoutCommonFolder([.. kept.Select(f => f.Path)]);
        var sources = kept.Select((f, i) => new Source(paths[i], f.Executable, f.Size, f.Open)).ToList();
        if (sources.GroupBy(s => s.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new FormatException($"holds '{twice.Key}' twice");
        }

        return sources;
    }

    private static async Task<string> UploadAsync(HttpContext http, IPlatformServices platform, string collab, List<Source> sources)
    {
        var digests = new List<(Source File, string Sha256, long Size)>(sources.Count);
        foreach (var source in sources)
        {
            await using var stream = source.Open();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[ChunkBytes];
            long size = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, http.RequestAborted)) > 0)
            {
                // A zip entry may hold more than its header claims: the stated size is the cap.
                size += read;
                if (size > MaxTotalBytes)
                {
                    throw new FormatException($"'{source.Path}' is larger than {MaxTotalBytes >> 20} MiB");
                }

                hash.AppendData(buffer, 0, read);
            }

            digests.Add((source, Convert.ToHexStringLower(hash.GetHashAndReset()), size));
        }

        var find = new FindMissingBlobsRequest { Collab = collab };
        find.Sha256.AddRange(digests.Select(d => d.Sha256).Distinct(StringComparer.Ordinal));
        var missing = (await platform.JobsAsync(http, Rpc.Jobs("FindMissingBlobs"), (s, c) => s.FindMissingBlobs(find, c))).Missing.ToHashSet(StringComparer.Ordinal);
        foreach (var (file, sha256, size) in digests)
        {
            if (!missing.Remove(sha256))
            {
                continue;
            }

            await using var stream = file.Open();
            var chunks = new BlobChunks(new UploadBlobHeader { Collab = collab, Sha256 = sha256, Size = size }, stream);
            await platform.JobsAsync(http, Rpc.Jobs("UploadBlob"), (s, c) => s.UploadBlob(chunks, c));
        }

        var create = new CreateCodeBundleRequest { Collab = collab };
        create.Files.AddRange(digests.Select(d => new CodeBundleEntry { Path = d.File.Path, Sha256 = d.Sha256, Executable = d.File.Executable }));
        var bundle = await platform.JobsAsync(http, Rpc.Jobs("CreateCodeBundle"), (s, c) => s.CreateCodeBundle(create, c));
        return bundle.Id;
    }

    /// <summary>An upload's messages as the service reads a client stream: the header, then the file in chunks.</summary>
    private sealed class BlobChunks(UploadBlobHeader header, Stream stream) : IAsyncStreamReader<UploadBlobChunk>
    {
        private readonly byte[] _buffer = new byte[ChunkBytes];
        private bool _headerSent;

        public UploadBlobChunk Current { get; private set; } = new();

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!_headerSent)
            {
                _headerSent = true;
                Current = new UploadBlobChunk { Header = header };
                return true;
            }

            var read = await stream.ReadAsync(_buffer, cancellationToken);
            if (read == 0)
            {
                return false;
            }

            Current = new UploadBlobChunk { Data = ByteString.CopyFrom(_buffer, 0, read) };
            return true;
        }
    }
}
