using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Nmpi.Api.V1;
// The site adapter library's namespace (Nmpi.Adapters, through the silo) would otherwise shadow the generated Adapters class.
using AdaptersClient = Nmpi.Api.V1.Adapters.AdaptersClient;

namespace Nmpi.Benchmarks;

/// <summary>
/// Site adapters working while the submitters run: each long-polls LeaseJobs within its free capacity and
/// takes every leased job through MarkRunning and CompleteJob(finished) at once.
/// </summary>
public sealed class AdapterLoad(AdaptersClient client, BenchmarkOptions options, MeasurementWindow window, JobTimeline timeline, ErrorCounts errors)
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(2);
    private static readonly Struct Provenance = Struct.Parser.ParseJson("""{"adapter": "nmpi-bench"}""");
    private long _completedInWindow;
    private long _leased;
    private long _calls;
    private long _fullReplies;
    private long _emptyReplies;

    public LatencySamples LeaseCall { get; } = new();

    public LatencySamples MarkRunning { get; } = new();

    public LatencySamples Complete { get; } = new();

    /// <summary>Jobs completed inside the window, by all adapters.</summary>
    public long CompletedInWindow => Interlocked.Read(ref _completedInWindow);

    /// <summary>Jobs leased in the whole run.</summary>
    public long Leased => Interlocked.Read(ref _leased);

    /// <summary>LeaseJobs answers that carried jobs.</summary>
    public long FullReplies => Interlocked.Read(ref _fullReplies);

    /// <summary>LeaseJobs answers that timed out empty.</summary>
    public long EmptyReplies => Interlocked.Read(ref _emptyReplies);

    /// <summary>Adapter calls made in the whole run.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Registers the adapters, then runs them until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        for (var i = 0; i < options.Adapters; i++)
        {
            var reply = await client.RegisterAdapterAsync(new RegisterAdapterRequest
            {
                Name = $"bench-{suffix}-{i}",
                HardwarePlatform = options.Platform,
                Capacity = options.Capacity,
                SoftwareVersion = "nmpi-bench 1.0",
            });
            ids.Add(reply.AdapterId);
        }

        await Task.WhenAll(ids.Select(id => Task.Run(() => AdapterAsync(id, stop), CancellationToken.None)));
    }

    private async Task AdapterAsync(string adapterId, CancellationToken stop)
    {
        using var slots = new SemaphoreSlim(options.Capacity);
        var running = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stop);
                slots.Release();
                var request = new LeaseJobsRequest
                {
                    AdapterId = adapterId,
                    MaxJobs = Math.Min(options.MaxJobs, slots.CurrentCount),
                    Wait = Duration.FromTimeSpan(LongPoll),
                };
                Interlocked.Increment(ref _calls);
                var started = Stopwatch.GetTimestamp();
                var reply = await client.LeaseJobsAsync(request, deadline: DateTime.UtcNow + LongPoll + TimeSpan.FromSeconds(20), cancellationToken: stop);
                var received = Stopwatch.GetTimestamp();
                if (reply.Jobs.Count > 0)
                {
                    Interlocked.Increment(ref _fullReplies);
                    LeaseCall.Add(started, received);
                }
                else
                {
                    Interlocked.Increment(ref _emptyReplies);
                }

                foreach (var leased in reply.Jobs)
                {
                    timeline.Lease(leased.Job.Id, received);
                    Interlocked.Increment(ref _leased);
                    await slots.WaitAsync(CancellationToken.None);
                    running.Add(RunJobAsync(adapterId, leased.Lease, slots));
                }

                running.RemoveAll(task => task.IsCompleted);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (RpcException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (RpcException error)
            {
                errors.Add("LeaseJobs", error.StatusCode);
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
            }
        }

        // Jobs already leased are finished off, so a drain leaves no job half done.
        await Task.WhenAll(running);
    }

    private async Task RunJobAsync(string adapterId, LeaseRef lease, SemaphoreSlim slots)
    {
        var operation = "MarkRunning";
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            var started = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _calls);
            await client.MarkRunningAsync(new JobReport { Lease = lease, AdapterId = adapterId }, deadline: deadline);
            var running = Stopwatch.GetTimestamp();
            MarkRunning.Add(started, running);
            operation = "CompleteJob";
            Interlocked.Increment(ref _calls);
            await client.CompleteJobAsync(
                new CompleteJobRequest
                {
                    Lease = lease,
                    AdapterId = adapterId,
                    Outcome = Outcome.Finished,
                    ResourceUsage = new ResourceUsage { Value = 0.001, Units = "core-hours" },
                    Provenance = Provenance,
                },
                deadline: deadline);
            var completed = Stopwatch.GetTimestamp();
            Complete.Add(running, completed);
            timeline.Complete(lease.JobId);
            if (window.Contains(completed))
            {
                Interlocked.Increment(ref _completedInWindow);
            }
        }
        catch (RpcException error)
        {
            errors.Add(operation, error.StatusCode);
        }
        finally
        {
            slots.Release();
        }
    }
}
