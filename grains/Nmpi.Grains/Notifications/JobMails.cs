using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nmpi.GrainInterfaces.Jobs;
using Nmpi.Grains.Storage;

namespace Nmpi.Grains.Notifications;

/// <summary>
/// Turns a job's committed moves into queued messages for its submitter. The job grain only hands the move over
/// (no wait, no I/O on the job's path); this service looks up the user and the log and writes the outbox rows.
/// A silo that dies between a move's commit and its outbox row would lose that message, so every silo also looks
/// for owed messages that are not in the outbox: over a day back when it starts, then every few minutes.
/// </summary>
public sealed partial class JobMails(MailOutbox outbox, MailSender sender, JobStore jobs, IOptions<MailOptions> options, ILogger<JobMails> log) : BackgroundService
{
    // Owed messages queued by one look at most; the next look takes the rest.
    private const int CatchUpBatch = 1_000;

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

        if (!Hand(after, kind))
        {
            LogDropped(after.Id, kind);
        }
    }

    /// <summary>Queues a message to be written; false when too many already wait.</summary>
    private bool Hand(JobSnapshot job, JobMailKind kind)
    {
        Interlocked.Increment(ref _pending);
        if (_moves.Writer.TryWrite((job, kind)))
        {
            return true;
        }

        Interlocked.Decrement(ref _pending);
        return false;
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
        if (_options.Enabled)
        {
            _ = CatchUpLoopAsync(stoppingToken);
        }

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

    /// <summary>Hands owed messages missing from the outbox to the queue: a day back at start, then the last intervals.</summary>
    private async Task CatchUpLoopAsync(CancellationToken stoppingToken)
    {
        var window = _options.CatchUpWindow < _options.KeepFor ? _options.CatchUpWindow : _options.KeepFor;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var owed = 0;
                foreach (var id in await outbox.UnannouncedJobsAsync(window, _options.CatchUpGrace, CatchUpBatch, stoppingToken))
                {
                    if (await jobs.LoadAsync(id) is { } job && JobMailRules.Owed(job) is { } kind && Hand(job, kind))
                    {
                        owed++;
                    }
                }

                if (owed > 0)
                {
                    LogCaughtUp(owed);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // The database away, a row that does not read: the next look tries again.
                LogCatchUpFailed(error);
            }

            try
            {
                await Task.Delay(_options.CatchUpInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            window = 3 * _options.CatchUpInterval + _options.CatchUpGrace;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} job messages were owed but not queued (a silo stopped before writing them); they are queued now")]
    private partial void LogCaughtUp(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for job messages owed but not queued failed; trying again later")]
    private partial void LogCatchUpFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Kind} message of job {JobId} could not be queued; the next look for owed messages queues it")]
    private partial void LogLost(Exception error, long jobId, JobMailKind kind);
}
