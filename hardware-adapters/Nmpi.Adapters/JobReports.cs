using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.V1;

namespace Nmpi.Adapters;

/// <summary>The reports of one leased job to the gateway, each retried while the gateway is unreachable.</summary>
public sealed class JobReports(AdapterSession session, LeaseRef lease, CancellationToken giveUp, long firstLogSeq = 0)
{
    private const int ChunkBytes = 64 * 1024;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Reports that the job has started.</summary>
    public Task<ReportAck> MarkRunningAsync() =>
        ReportRetry.CallAsync(
            t => session.Client.MarkRunningAsync(new JobReport { Lease = lease, AdapterId = session.AdapterId }, deadline: Deadline(), cancellationToken: t).ResponseAsync,
            giveUp);

    /// <summary>The same reports, with log sequence numbers continuing after <paramref name="chunks"/> appends already made (e.g. by set-up steps).</summary>
    public JobReports ContinuingLogAfter(long chunks) => new(session, lease, giveUp, firstLogSeq + chunks);

    /// <summary>Appends log text under the sequence number (counted from this object's first).</summary>
    public Task AppendLogAsync(long seq, string text) =>
        ReportRetry.CallAsync(
            t => session.Client.AppendLogAsync(new AppendLogRequest { Lease = lease, AdapterId = session.AdapterId, Seq = firstLogSeq + seq, Text = text }, deadline: Deadline(), cancellationToken: t).ResponseAsync,
            giveUp);

    /// <summary>
    /// Says in the job's log that this run was killed because its lease could not be renewed; false when the gateway
    /// would not take it (the lease already lapsed, or the adapter is giving up).
    /// </summary>
    public async Task<bool> TellLeaseLostAsync(long seq)
    {
        try
        {
            await AppendLogAsync(seq, "[nmpi] this run was killed: the site adapter could not renew the job's lease with the gateway in time; the job will be queued again");
            return true;
        }
        catch (Exception e) when (e is LeaseFencedException or Grpc.Core.RpcException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Uploads one file of the working directory under its relative path.</summary>
    public Task<OutputFile> UploadAsync(string directory, string relativePath) =>
        ReportRetry.CallAsync(t => UploadOnceAsync(Path.Combine(directory, relativePath), relativePath, t), giveUp);

    /// <summary>Ends the job.</summary>
    public Task<ReportAck> CompleteAsync(Outcome outcome, FailureReason reason, string message, ResourceUsage usage, Struct provenance) =>
        ReportRetry.CallAsync(
            t => session.Client.CompleteJobAsync(
                new CompleteJobRequest
                {
                    Lease = lease,
                    AdapterId = session.AdapterId,
                    Outcome = outcome,
                    FailureReason = reason,
                    Message = message,
                    ResourceUsage = usage,
                    Provenance = provenance,
                },
                deadline: Deadline(),
                cancellationToken: t).ResponseAsync,
            giveUp);

    private static DateTime Deadline() => DateTime.UtcNow + CallTimeout;

    private async Task<OutputFile> UploadOnceAsync(string fullPath, string relativePath, CancellationToken cancellationToken)
    {
        using var call = session.Client.UploadOutput(deadline: DateTime.UtcNow + (CallTimeout * 10), cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new UploadOutputChunk
        {
            Header = new UploadOutputHeader
            {
                Lease = lease,
                AdapterId = session.AdapterId,
                Path = relativePath.Replace(Path.DirectorySeparatorChar, '/'),
                ContentType = OutputContentTypes.For(relativePath),
            },
        }, cancellationToken);
        await using (var file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, ChunkBytes, useAsync: true))
        {
            var buffer = new byte[ChunkBytes];
            int read;
            while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await call.RequestStream.WriteAsync(new UploadOutputChunk { Data = ByteString.CopyFrom(buffer, 0, read) }, cancellationToken);
            }
        }

        await call.RequestStream.CompleteAsync();
        return await call;
    }
}
