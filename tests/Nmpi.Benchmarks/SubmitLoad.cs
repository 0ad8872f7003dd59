using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Nmpi.Api.V1;

namespace Nmpi.Benchmarks;

/// <summary>N clients looping SubmitJob with unique request ids until the window ends.</summary>
public sealed class SubmitLoad(IReadOnlyList<Jobs.JobsClient> channels, BenchmarkOptions options, MeasurementWindow window, JobTimeline timeline, ErrorCounts errors)
{
    private const string Script = """
        import pyNN.spiNNaker as sim
        sim.setup(timestep=1.0)
        cells = sim.Population(100, sim.IF_curr_exp(), label="cells")
        stimulus = sim.Population(100, sim.SpikeSourcePoisson(rate=20.0))
        sim.Projection(stimulus, cells, sim.OneToOneConnector(), sim.StaticSynapse(weight=0.5, delay=1.0))
        cells.record("spikes")
        sim.run(1000.0)
        cells.write_data("spikes.pkl")
        sim.end()
        """;

    private static readonly Struct HardwareConfig = Struct.Parser.ParseJson("""{"spynnaker_version": "7.3.0"}""");

    private readonly string _runId = Guid.NewGuid().ToString("N")[..12];
    private readonly IReadOnlyList<string> _collabs = options.SubmitCollabs;
    private long _acknowledged;
    private long _attempts;

    /// <summary>Client-side latency of acknowledged submits inside the window.</summary>
    public LatencySamples Latency { get; } = new();

    /// <summary>Submits acknowledged inside the window.</summary>
    public long AcknowledgedInWindow => Interlocked.Read(ref _acknowledged);

    /// <summary>Submit calls made in the whole run.</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var pacer = options.Rate is { } rate ? new SubmitPacer(rate) : null;
        var clients = Enumerable.Range(0, options.Clients)
            .Select(i => Task.Run(() => ClientAsync(i, channels[i % channels.Count], pacer, cancellationToken), cancellationToken));
        return Task.WhenAll(clients);
    }

    private async Task ClientAsync(int client, Jobs.JobsClient jobs, SubmitPacer? pacer, CancellationToken cancellationToken)
    {
        for (long seq = 0; !window.IsOver && !cancellationToken.IsCancellationRequested; seq++)
        {
            if (pacer is not null)
            {
                await pacer.WaitTurnAsync(cancellationToken);
                if (window.IsOver)
                {
                    break;
                }
            }

            var request = new SubmitJobRequest
            {
                RequestId = $"bench-{_runId}-{client}-{seq}",
                Code = new JobCode { Inline = Script },
                HardwarePlatform = options.Platform,
                Collab = _collabs[(int)((client + seq) % _collabs.Count)],
                Tags = { "bench" },
            };
            if (options.Platform == "SpiNNaker")
            {
                request.HardwareConfig = HardwareConfig;
            }

            Interlocked.Increment(ref _attempts);
            var sent = Stopwatch.GetTimestamp();
            try
            {
                var job = await jobs.SubmitJobAsync(request, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken);
                var acknowledged = Stopwatch.GetTimestamp();
                timeline.Acknowledge(job.Id, sent);
                if (window.Contains(acknowledged))
                {
                    Interlocked.Increment(ref _acknowledged);
                    Latency.Add(sent, acknowledged);
                }
            }
            catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
            {
                errors.Add("SubmitJob", error.StatusCode);
            }
        }
    }
}
