using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Grpc.Core;
using Nmpi.Api.V1;

namespace Nmpi.Client;

/// <summary>A job on the platform, by its id: follow it, wait for it, cancel or remove it, fetch its results.</summary>
public sealed class JobHandle
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);
    private readonly NmpiClient _client;

    internal JobHandle(NmpiClient client, long id, Job? submitted)
    {
        _client = client;
        Id = id;
        Submitted = submitted;
    }

    /// <summary>The job's id.</summary>
    public long Id { get; }

    /// <summary>The job as the platform acknowledged it, when this handle came from a submit.</summary>
    public Job? Submitted { get; }

    /// <summary>Fetches the job, with its log when asked.</summary>
    public Task<Job> GetAsync(bool withLog = false, CancellationToken cancellationToken = default) =>
        _client.GetJobAsync(Id, withLog, cancellationToken);

    /// <summary>
    /// Waits until the job is finished, in error or cancelled, reporting each change; survives a gateway restart by
    /// watching again.
    /// </summary>
    public async Task<Job> WaitAsync(IProgress<Job>? progress = null, CancellationToken cancellationToken = default)
    {
        var failures = 0;
        while (true)
        {
            try
            {
                using var watch = _client.Jobs.WatchJob(new WatchJobRequest { Id = Id }, cancellationToken: cancellationToken);
                await foreach (var job in watch.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    failures = 0;
                    progress?.Report(job);
                    if (IsTerminal(job.Status))
                    {
                        return job;
                    }
                }
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal && ++failures < _client.MaxAttempts * 4)
            {
                await Task.Delay(ReconnectDelay, cancellationToken);
                continue;
            }
            catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
            {
                throw NmpiException.From(e);
            }

            // The stream ended without a terminal state (e.g. the server's wait limit): look and watch again.
            var now = await GetAsync(false, cancellationToken);
            if (IsTerminal(now.Status))
            {
                progress?.Report(now);
                return now;
            }
        }
    }

    /// <summary>Cancels the job: a queued job ends at once, a running one when its site confirms.</summary>
    public Task<Job> CancelAsync(string reason = "", CancellationToken cancellationToken = default) =>
        NmpiClient.CallAsync(() => _client.Jobs.CancelJobAsync(new CancelJobRequest { Id = Id, Reason = reason }, _client.Options(cancellationToken)).ResponseAsync);

    /// <summary>Removes a completed job from the lists (its status becomes removed).</summary>
    public Task<Job> DeleteAsync(CancellationToken cancellationToken = default) =>
        NmpiClient.CallAsync(() => _client.Jobs.DeleteJobAsync(new DeleteJobRequest { Id = Id }, _client.Options(cancellationToken)).ResponseAsync);

    /// <summary>Adds and removes tags.</summary>
    public Task<Job> UpdateTagsAsync(IEnumerable<string> add, IEnumerable<string> remove, CancellationToken cancellationToken = default)
    {
        var request = new UpdateTagsRequest { Id = Id };
        request.Add.AddRange(add);
        request.Remove.AddRange(remove);
        return NmpiClient.CallAsync(() => _client.Jobs.UpdateTagsAsync(request, _client.Options(cancellationToken)).ResponseAsync);
    }

    /// <summary>Adds a comment (Markdown).</summary>
    public Task<Comment> AddCommentAsync(string text, CancellationToken cancellationToken = default) =>
        NmpiClient.CallAsync(() => _client.Jobs.AddCommentAsync(new AddCommentRequest { Id = Id, Text = text }, _client.Options(cancellationToken)).ResponseAsync);

    /// <summary>Replaces the text of one of your comments on the job (administrators: anyone's).</summary>
    public Task<Comment> UpdateCommentAsync(long commentId, string text, CancellationToken cancellationToken = default) =>
        NmpiClient.CallAsync(() => _client.Jobs.UpdateCommentAsync(
            new UpdateCommentRequest { Id = Id, CommentId = commentId, Text = text }, _client.Options(cancellationToken)).ResponseAsync);

    /// <summary>Deletes one of your comments on the job (administrators: anyone's) and returns it as it was.</summary>
    public Task<Comment> DeleteCommentAsync(long commentId, CancellationToken cancellationToken = default) =>
        NmpiClient.CallAsync(() => _client.Jobs.DeleteCommentAsync(
            new DeleteCommentRequest { Id = Id, CommentId = commentId }, _client.Options(cancellationToken)).ResponseAsync);

    /// <summary>The job's log as it is written, from a chunk on, until the job ends; resumes where it was after a reconnect.</summary>
    public async IAsyncEnumerable<LogChunk> FollowLogAsync(long fromSeq = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var next = fromSeq;
        var failures = 0;
        while (true)
        {
            using var follow = _client.Jobs.FollowJobLog(new FollowJobLogRequest { Id = Id, FromSeq = next }, cancellationToken: cancellationToken);
            var stream = follow.ResponseStream;
            while (true)
            {
                LogChunk chunk;
                try
                {
                    if (!await stream.MoveNext(cancellationToken))
                    {
                        yield break;
                    }

                    chunk = stream.Current;
                    failures = 0;
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal && ++failures < _client.MaxAttempts * 4)
                {
                    break;
                }
                catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
                {
                    throw NmpiException.From(e);
                }

                next = chunk.Seq + 1;
                yield return chunk;
            }

            await Task.Delay(ReconnectDelay, cancellationToken);
        }
    }

    /// <summary>
    /// Downloads every output file into the directory under its path, checking size and SHA-256; a file already there
    /// with the right hash is kept, not fetched again.
    /// </summary>
    public async Task<IReadOnlyList<DownloadedFile>> DownloadOutputsAsync(string directory, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var job = await GetAsync(false, cancellationToken);
        var root = Path.GetFullPath(directory);
        var total = job.OutputData.Sum(o => o.Size);
        long done = 0;
        var files = new List<DownloadedFile>();
        foreach (var output in job.OutputData)
        {
            var local = Path.GetFullPath(Path.Combine(root, output.Path));
            if (!local.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new NmpiException($"Job {Id} has an output path that leads out of {root}: {output.Path}");
            }

            if (!await HasContentAsync(local, output.Sha256, cancellationToken))
            {
                await DownloadOneAsync(output, local, done, total, progress, cancellationToken);
            }

            done += output.Size;
            progress?.Report(new DownloadProgress(output.Path, output.Size, output.Size, done, total));
            files.Add(new DownloadedFile(output.Path, local, output.Size, output.Sha256));
        }

        return files;
    }

    private static bool IsTerminal(JobStatus status) =>
        status is JobStatus.Finished or JobStatus.Error or JobStatus.Cancelled or JobStatus.Removed;

    private static async Task<bool> HasContentAsync(string path, string sha256, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken)) == sha256;
    }

    private async Task DownloadOneAsync(OutputFile output, string local, long done, long total, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        var partial = local + ".partial";
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long received = 0;
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                using var download = _client.Jobs.DownloadOutput(new DownloadOutputRequest { Id = Id, Path = output.Path }, cancellationToken: cancellationToken);
                await foreach (var chunk in download.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    hash.AppendData(chunk.Data.Span);
                    await file.WriteAsync(chunk.Data.Memory, cancellationToken);
                    received += chunk.Data.Length;
                    progress?.Report(new DownloadProgress(output.Path, received, output.Size, done + received, total));
                }
            }

            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (received != output.Size || actual != output.Sha256)
            {
                throw new NmpiException($"The download of {output.Path} of job {Id} arrived damaged ({received} bytes, SHA-256 {actual}; expected {output.Size} bytes, {output.Sha256}). Try again.");
            }

            File.Move(partial, local, overwrite: true);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            throw NmpiException.From(e);
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
