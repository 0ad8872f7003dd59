using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Grains.Notifications;

/// <summary>
/// Turns a job's committed moves into queued messages for its submitter. The job grain only hands the move over
/// (no wait, no I/O on the job's path); this service looks up the user and the log and writes the outbox rows.
/// </summary>
public sealed partial class JobMails(MailOutbox outbox, MailSender sender, IOptions<MailOptions> options, ILogger<JobMails> log) : BackgroundService
{
    private static readonly TimeSpan[] Retries = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)];

    private readonly MailOptions _options = options.Value;
    private readonly Channel<(JobSnapshot Job, JobMailKind Kind)> _moves =
        Channel.CreateBounded<(JobSnapshot, JobMailKind)>(new BoundedChannelOptions(100_000) { SingleReader = true });

    private int _pending;

    /// <summary>Called after a job's move is committed: queues the submitter's message if the move calls for one.</summary>
    public void JobMoved(JobSnapshot before, JobSnapshot after)
    {
        if (!_options.Enabled || JobMailRules.For(before, after) is not { } kind)
        {
            return;
        }

        Interlocked.Increment(ref _pending);
        if (!_moves.Writer.TryWrite((after, kind)))
        {
            Interlocked.Decrement(ref _pending);
            LogDropped(after.Id, kind);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Write what was handed over before the silo stops, as long as the host lets us.
        while (Volatile.Read(ref _pending) > 0 && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (job, kind) in _moves.Reader.ReadAllAsync(stoppingToken))
            {
                await QueueWithRetriesAsync(job, kind, stoppingToken);
                Interlocked.Decrement(ref _pending);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task QueueWithRetriesAsync(JobSnapshot job, JobMailKind kind, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (await QueueAsync(job, kind, cancellationToken))
                {
                    sender.Wake();
                }

                return;
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt >= Retries.Length)
                {
                    LogLost(error, job.Id, kind);
                    return;
                }

                await Task.Delay(Retries[attempt], cancellationToken);
            }
        }
    }

    private async Task<bool> QueueAsync(JobSnapshot job, JobMailKind kind, CancellationToken cancellationToken)
    {
        if (await outbox.JobRecipientAsync(job.Spec.UserId, cancellationToken) is not { } recipient)
        {
            return false;
        }

        var mail = kind == JobMailKind.Started
            ? JobMailFormatter.Started(job, recipient, _options.WebBaseAddress)
            : JobMailFormatter.Ended(job, recipient, await LogTailAsync(job, cancellationToken), _options.WebBaseAddress);
        return await outbox.QueueAsync([mail], cancellationToken) > 0;
    }

    private async Task<IReadOnlyList<string>> LogTailAsync(JobSnapshot job, CancellationToken cancellationToken)
    {
        var lines = Math.Max(0, _options.LogTailLines);
        // Every chunk holds at least a piece of a line: one chunk more than lines wanted is always enough.
        var chunks = lines == 0 || job.LogChunks == 0 ? [] : await outbox.LastLogChunksAsync(job.Id, lines + 1, cancellationToken);
        return LogTail.Of(chunks, lines);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Kind} message of job {JobId} was dropped: too many messages wait to be queued")]
    private partial void LogDropped(long jobId, JobMailKind kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Kind} message of job {JobId} could not be queued and is lost")]
    private partial void LogLost(Exception error, long jobId, JobMailKind kind);
}
