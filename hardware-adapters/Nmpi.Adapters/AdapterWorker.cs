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
        _slots = new SemaphoreSlim(_options.Capacity, _options.Capacity);
        var heartbeat = HeartbeatAsync(session, registration.HeartbeatInterval.ToTimeSpan(), stoppingToken);
        try
        {
            await LeaseLoopAsync(session, _slots, stoppingToken);
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

    private async Task LeaseLoopAsync(AdapterSession session, SemaphoreSlim slots, CancellationToken stoppingToken)
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

            foreach (var leased in jobs)
            {
                Start(session, leased, slots);
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

    private void Start(AdapterSession session, LeasedJob leased, SemaphoreSlim slots)
    {
        AdapterLog.Leased(logger, leased.Job.Id, leased.Lease.Epoch);
        var handle = new LeaseHandle(leased.Lease);
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

    private async Task HeartbeatAsync(AdapterSession session, TimeSpan interval, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var request = new HeartbeatRequest { AdapterId = session.AdapterId };
                request.Leases.AddRange(_leased.Values.Select(h => h.Lease));
                try
                {
                    var reply = await client.HeartbeatAsync(request, deadline: DateTime.UtcNow + interval, cancellationToken: stoppingToken);
                    foreach (var stop in reply.Stop)
                    {
                        if (_leased.TryGetValue(stop.JobId, out var handle) && handle.Lease.Epoch == stop.Epoch)
                        {
                            AdapterLog.StopRequested(logger, stop.JobId);
                            handle.Stop(StopReason.Cancelled);
                        }
                    }
                }
                catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !stoppingToken.IsCancellationRequested)
                {
                    AdapterLog.HeartbeatFailed(logger, e);
                }
            }
        }
        catch (Exception e) when (stoppingToken.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // Shutting down.
        }
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
