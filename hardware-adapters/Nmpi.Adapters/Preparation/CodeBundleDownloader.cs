using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Nmpi.Api.V1;

namespace Nmpi.Adapters.Preparation;

/// <summary>
/// Writes a leased job's code bundle (JobCode.artifact_id) into its job directory: every path re-checked
/// here (the gateway is not trusted to have done it), no file written through a symbolic link or over an
/// existing file, every file checked against its size and SHA-256, executable bits applied.
/// </summary>
/// <remarks>
/// Fails with <see cref="LeaseFencedException"/> when the lease is no longer the adapter's, with
/// <see cref="InvalidDataException"/> when the bundle cannot be used (missing, unsafe path, wrong size or
/// hash, too large), and with the <see cref="RpcException"/> of any other refusal. While the gateway is
/// unreachable it retries with backoff until <c>cancellationToken</c> ends, removing what a broken attempt wrote.
/// </remarks>
public sealed class CodeBundleDownloader(long maxBundleBytes = CodeBundleDownloader.DefaultMaxBundleBytes, int maxFiles = CodeBundleDownloader.DefaultMaxFiles)
{
    public const long DefaultMaxBundleBytes = 1L << 30;
    public const int DefaultMaxFiles = 10_000;
    private const int MaxPathBytes = 1024;
    private const int MaxSegmentBytes = 255;
    private const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Executable = Regular | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(5);

    /// <summary>Downloads the bundle of the leased job into jobDirectory (which must exist) and returns its manifest.</summary>
    public async Task<CodeBundle> DownloadAsync(AdapterSession session, LeaseRef lease, string jobDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(lease);
        var root = Path.GetFullPath(jobDirectory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The job directory {root} does not exist.");
        }

        var delay = FirstDelay;
        while (true)
        {
            var written = new List<string>();
            try
            {
                return await DownloadOnceAsync(session, lease, root, written, cancellationToken);
            }
            catch (RpcException e) when (ReportRetry.IsFenced(e))
            {
                Remove(written);
                throw new LeaseFencedException(e.Status.Detail, e);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                Remove(written);
                throw new InvalidDataException($"The job's code bundle cannot be downloaded: {e.Status.Detail}", e);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded && !cancellationToken.IsCancellationRequested)
            {
                Remove(written);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestDelay.Ticks));
            }
            catch
            {
                Remove(written);
                throw;
            }
        }
    }

    private async Task<CodeBundle> DownloadOnceAsync(AdapterSession session, LeaseRef lease, string root, List<string> written, CancellationToken cancellationToken)
    {
        using var call = session.Client.DownloadCodeBundle(
            new DownloadCodeBundleRequest { Lease = lease, AdapterId = session.AdapterId },
            cancellationToken: cancellationToken);
        var stream = call.ResponseStream;
        if (!await stream.MoveNext(cancellationToken) || stream.Current.PartCase != CodeBundleChunk.PartOneofCase.Bundle)
        {
            throw new InvalidDataException("The gateway's code bundle stream did not start with the bundle's manifest.");
        }

        var bundle = stream.Current.Bundle;
        var targets = Check(bundle, root);
        for (var i = 0; i < bundle.Files.Count; i++)
        {
            var file = bundle.Files[i];
            await ReceiveFileAsync(stream, i, file, root, targets[i], written, cancellationToken);
        }

        if (await stream.MoveNext(cancellationToken))
        {
            throw new InvalidDataException($"Code bundle {bundle.Id} sent more data than its manifest announced.");
        }

        return bundle;
    }

    private static async Task ReceiveFileAsync(
        IAsyncStreamReader<CodeBundleChunk> stream, int index, CodeFile file, string root, string target, List<string> written, CancellationToken cancellationToken)
    {
        CreateParents(root, target);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long received = 0;

        // CreateNew never follows a symbolic link nor replaces a file already there (O_CREAT | O_EXCL).
        await using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
        {
            written.Add(target);
            while (received < file.Size)
            {
                if (!await stream.MoveNext(cancellationToken)
                    || stream.Current.PartCase != CodeBundleChunk.PartOneofCase.Data
                    || stream.Current.Data.FileIndex != index)
                {
                    throw new InvalidDataException($"The code bundle stream ended or moved on before '{file.Path}' was complete ({received} of {file.Size} bytes).");
                }

                var data = stream.Current.Data.Data.Memory;
                if (received + data.Length > file.Size)
                {
                    throw new InvalidDataException($"The code bundle stream sent more than the {file.Size} bytes of '{file.Path}'.");
                }

                hash.AppendData(data.Span);
                await output.WriteAsync(data, cancellationToken);
                received += data.Length;
            }
        }

        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (!string.Equals(actual, file.Sha256, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Code file '{file.Path}' hashes to {actual}, not to its manifest's {file.Sha256}.");
        }

        // Windows has no mode bits to apply; everywhere else the mode is set exactly, whatever the umask.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(target, file.Executable ? Executable : Regular);
        }
    }

    /// <summary>Checks the manifest before anything is written and returns each file's absolute path.</summary>
    private string[] Check(CodeBundle bundle, string root)
    {
        if (bundle.Files.Count == 0 || bundle.Files.Count > maxFiles)
        {
            throw new InvalidDataException($"Code bundle {bundle.Id} has {bundle.Files.Count} files; this adapter takes 1 to {maxFiles}.");
        }

        var total = bundle.Files.Sum(f => f.Size);
        if (bundle.Files.Any(f => f.Size < 0) || total > maxBundleBytes)
        {
            throw new InvalidDataException($"Code bundle {bundle.Id} holds {total} bytes; this adapter takes at most {maxBundleBytes}.");
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        var targets = new string[bundle.Files.Count];
        for (var i = 0; i < bundle.Files.Count; i++)
        {
            var path = bundle.Files[i].Path;
            if (PathProblem(path) is { } problem)
            {
                throw new InvalidDataException($"Code bundle {bundle.Id} has an unsafe path '{path}': {problem}.");
            }

            if (!paths.Add(path))
            {
                throw new InvalidDataException($"Code bundle {bundle.Id} names '{path}' twice.");
            }

            var full = Path.GetFullPath(Path.Combine(root, path));
            if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"Code bundle {bundle.Id} has a path '{path}' that leads out of the job directory.");
            }

            targets[i] = full;
        }

        foreach (var path in paths)
        {
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                if (paths.Contains(path[..slash]))
                {
                    throw new InvalidDataException($"Code bundle {bundle.Id} has '{path[..slash]}' both as a file and as a directory.");
                }
            }
        }

        return targets;
    }

    private static string? PathProblem(string path)
    {
        if (path.Length == 0 || Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            return $"must be 1 to {MaxPathBytes} bytes";
        }

        if (path[0] == '/' || path.Any(char.IsControl) || path.Contains('\\', StringComparison.Ordinal))
        {
            return "must be relative, without control characters or backslashes";
        }

        return path.Split('/').Any(s => s is "" or "." or ".." || Encoding.UTF8.GetByteCount(s) > MaxSegmentBytes)
            ? "must not have empty, '.', '..' or overlong segments"
            : null;
    }

    /// <summary>Creates the directories between root and the file, refusing any that exists as a link or a file.</summary>
    private static void CreateParents(string root, string target)
    {
        var current = root;
        var relative = Path.GetRelativePath(root, Path.GetDirectoryName(target)!);
        if (relative == ".")
        {
            return;
        }

        foreach (var segment in relative.Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, segment);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is not null || File.Exists(current))
            {
                throw new InvalidDataException($"'{Path.GetRelativePath(root, current)}' in the job directory is a link or a file, not a directory; nothing is written through it.");
            }

            if (!info.Exists)
            {
                Directory.CreateDirectory(current);
            }
        }
    }

    private static void Remove(List<string> written)
    {
        foreach (var path in written)
        {
            File.Delete(path);
        }
    }
}
