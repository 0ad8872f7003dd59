using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nmpi.Api.V1;
using AdaptersClient = Nmpi.Api.V1.Adapters.AdaptersClient;

namespace Nmpi.Adapters;

/// <summary>
/// The site adapter's loop: register, lease jobs up to the free capacity (long-poll), run each concurrently,
/// heartbeat the leases and stop the jobs the gateway lists; on shutdown give unstarted jobs back.
/// </summary>
public sealed class AdapterWorker(
    AdaptersClient client,
    JobRunner runner,
    IOptions<AdapterOptions> options,
    TimeProvider time,
    ILogger<AdapterWorker> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private readonly AdapterOptions _options = options.Value;
    // The live attempt of each job; an older attempt still tearing down is only in _runs, so it never removes a newer one here.
    private readonly ConcurrentDictionary<long, LeaseHandle> _leased = new();
    private readonly ConcurrentDictionary<LeaseHandle, Task<bool>> _runs = new();
    private readonly CancellationTokenSource _giveUpReports = new();
    private SemaphoreSlim? _slots;

    /// <summary>The id the gateway gave this adapter, once registered.</summary>
    public string? AdapterId { get; private set; }

    public override void Dispose()
    {
        _giveUpReports.Cancel();
        _giveUpReports.Dispose();
        _slots?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pythonVersion = await ProbePythonAsync(_options.Python, stoppingToken);
        var registration = await RegisterAsync(stoppingToken);
        var session = new AdapterSession(client, registration.AdapterId, pythonVersion);
        AdapterId = session.AdapterId;
        var fence = new LeaseFence(registration.LeaseDuration.ToTimeSpan(), registration.HeartbeatInterval.ToTimeSpan(), _options.KillGrace, _options.LeaseSafetyMargin);
        if (fence.Problem is { } problem)
        {
            // The gateway's lease is known only now: an adapter that would kill healthy jobs (or let leases lapse under them) does not run.
            AdapterLog.LeaseTimingRefused(logger, problem);
            throw new InvalidOperationException(problem);
        }

        _slots = new SemaphoreSlim(_options.Capacity, _options.Capacity);
        var keeper = new LeaseKeeper(client, session.AdapterId, _leased, fence, time, logger);
        var heartbeat = keeper.RunAsync(stoppingToken);
        try
        {
            await LeaseLoopAsync(session, keeper, _slots, stoppingToken);
        }
        catch (Exception e) when (stoppingToken.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // Shutting down: the long-poll was cancelled.
        }

        foreach (var handle in _leased.Values)
        {
            handle.Stop(StopReason.Shutdown);
        }

        var unstarted = new List<LeaseRef>();
        foreach (var (handle, run) in _runs)
        {
            if (!await run)
            {
                unstarted.Add(handle.Lease);
            }
        }

        await ReturnAsync(session, unstarted);
        await heartbeat;
    }

    private async Task<RegisterAdapterResponse> RegisterAsync(CancellationToken stoppingToken)
    {
        var request = new RegisterAdapterRequest
        {
            Name = _options.Name,
            HardwarePlatform = _options.Platform,
            Capacity = _options.Capacity,
            SoftwareVersion = $"nmpi-adapter {typeof(AdapterWorker).Assembly.GetName().Version}; backend {_options.Backend}",
        };
        var reply = await ReportRetry.CallAsync(
            t => client.RegisterAdapterAsync(request, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: t).ResponseAsync,
            stoppingToken);
        AdapterLog.Registered(logger, reply.AdapterId, _options.Platform, _options.Capacity);

        // Leases held before a restart belong to processes that are gone: give back the unstarted ones now.
        var session = new AdapterSession(client, reply.AdapterId, "");
        await ReturnAsync(session, reply.LiveLeases);
        return reply;
    }

    private async Task LeaseLoopAsync(AdapterSession session, LeaseKeeper keeper, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        while (true)
        {
            await slots.WaitAsync(stoppingToken);
            var wanted = 1;
            while (wanted < _options.Capacity && slots.Wait(0))
            {
                wanted++;
            }

            IReadOnlyList<LeasedJob> jobs = [];

            // The gateway grants the leases after this moment, so the fence counts from it (a long-poll makes it early, never late).
            var sentAt = time.GetTimestamp();
            try
            {
                jobs = await LeaseAsync(session, wanted, stoppingToken);
            }
            catch (Exception e) when (e is RpcException or LeaseFencedException && !stoppingToken.IsCancellationRequested)
            {
                AdapterLog.LeaseFailed(logger, RetryDelay, e);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
            finally
            {
                if (jobs.Count < wanted)
                {
                    slots.Release(wanted - jobs.Count);
                }
            }

            var handles = jobs.Select(leased => new LeaseHandle(leased.Lease, sentAt)).ToList();
            if (handles.Count > 0)
            {
                // Renewed before the fence sees them: a long-poll's early start time would bring it close, or past.
                await keeper.RenewAsync(handles, stoppingToken);
            }

            for (var i = 0; i < jobs.Count; i++)
            {
                Start(session, jobs[i], handles[i], slots);
            }
        }
    }

    private async Task<IReadOnlyList<LeasedJob>> LeaseAsync(AdapterSession session, int wanted, CancellationToken stoppingToken)
    {
        var request = new LeaseJobsRequest { AdapterId = session.AdapterId, MaxJobs = wanted, Wait = Duration.FromTimeSpan(_options.PollWait) };
        var reply = await ReportRetry.CallAsync(
            t => client.LeaseJobsAsync(request, deadline: DateTime.UtcNow + _options.PollWait + TimeSpan.FromSeconds(15), cancellationToken: t).ResponseAsync,
            stoppingToken);
        return reply.Jobs;
    }

    private void Start(AdapterSession session, LeasedJob leased, LeaseHandle handle, SemaphoreSlim slots)
    {
        AdapterLog.Leased(logger, leased.Job.Id, leased.Lease.Epoch);
        _leased[leased.Job.Id] = handle;
        _runs[handle] = Task.Run(async () =>
        {
            try
            {
                return await runner.RunAsync(session, leased, handle, _giveUpReports.Token);
            }
            finally
            {
                if (handle.Reason != StopReason.Shutdown)
                {
                    // While shutting down the handle stays, so the unstarted lease can be given back.
                    _leased.TryRemove(KeyValuePair.Create(leased.Job.Id, handle));
                    _runs.TryRemove(handle, out _);
                }

                slots.Release();
            }
        });
    }

    private async Task ReturnAsync(AdapterSession session, IEnumerable<LeaseRef> leases)
    {
        var request = new ReturnJobsRequest { AdapterId = session.AdapterId };
        request.Leases.AddRange(leases);
        if (request.Leases.Count == 0)
        {
            return;
        }

        try
        {
            var reply = await ReportRetry.CallAsync(
                t => client.ReturnJobsAsync(request, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: t).ResponseAsync,
                _giveUpReports.Token);
            AdapterLog.Returned(logger, reply.Returned.Count);
        }
        catch (Exception e) when (e is RpcException or LeaseFencedException or OperationCanceledException)
        {
            AdapterLog.ReturnFailed(logger, e);
        }
    }

    private static async Task<string> ProbePythonAsync(string python, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import platform; print(platform.python_version())");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{python} did not start.");
        var version = (await process.StandardOutput.ReadToEndAsync(cancellationToken)).Trim();
        await process.WaitForExitAsync(cancellationToken);
        return version;
    }
}
