using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Nmpi.Api.V1;
// The site adapter library's namespace (Nmpi.Adapters, through the silo) would otherwise shadow the generated Adapters class.
using AdaptersClient = Nmpi.Api.V1.Adapters.AdaptersClient;

namespace Nmpi.Benchmarks;

/// <summary>One run: the platform, submitters and adapters together, a drain, then the PostgreSQL reference.</summary>
public sealed class BenchmarkRun(BenchmarkOptions options, TextWriter progress)
{
    // A stand-in doc when the run has no job row to copy (the size of a freshly submitted job's doc).
    private const int FallbackDocBytes = 1200;

    public async Task<BenchmarkResult> RunAsync(CancellationToken cancellationToken)
    {
        progress.WriteLine(options.Endpoint is null ? "Starting PostgreSQL and a silo with the gateway..." : $"Using the gateway at {options.Endpoint}...");
        await using var platform = await BenchmarkPlatform.StartAsync(options, cancellationToken);

        var channels = Enumerable.Range(0, options.Channels).Select(_ => Channel(platform.GrpcUrl)).ToList();
        var adapterChannel = Channel(platform.GrpcUrl);
        try
        {
            var errors = new ErrorCounts();
            var window = new MeasurementWindow(options.Duration);
            var timeline = new JobTimeline(window);
            var jobs = channels.Select(c => new Jobs.JobsClient(Authorized(c, "authorization", $"Bearer {platform.Token}"))).ToList();
            var submits = new SubmitLoad(jobs, options, window, timeline, errors);
            var adapters = new AdapterLoad(new AdaptersClient(Authorized(adapterChannel, "x-api-key", platform.AdapterKey)), options, window, timeline, errors);

            var warmupText = options.Warmup is { } fixedWarmup ? $"{fixedWarmup.TotalSeconds:0.#} s warm-up" : "a warm-up until the JIT settles";
            progress.WriteLine($"Running {options.Clients} submitters and {options.Adapters} adapters for {warmupText} + {options.Duration.TotalSeconds:0.#} s...");
            using var stopAdapters = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var adapterTask = adapters.RunAsync(stopAdapters.Token);
            var submitTask = submits.RunAsync(cancellationToken);
            var warmup = await Warmup.RunAsync(options.Warmup, window, cancellationToken);
            progress.WriteLine($"Warm-up over after {warmup.Taken.TotalSeconds:0.#} s; measuring...");
            await submitTask;
            var jitAtEnd = JitSnapshot.Now();

            var drainTaken = await DrainAsync(timeline, adapterTask, cancellationToken);
            await stopAdapters.CancelAsync();
            await adapterTask;

            PostgresReferenceResult? reference = null;
            var docBytes = 0;
            if (platform.ConnectionString is { } connectionString && options.PostgresDuration > TimeSpan.Zero)
            {
                var doc = await platform.SampleDocumentAsync() ?? FallbackDoc();
                docBytes = System.Text.Encoding.UTF8.GetByteCount(doc);
                await platform.StopSiloAsync();
                progress.WriteLine($"Measuring PostgreSQL single-row INSERTs with {options.Clients} connections for {options.PostgresDuration.TotalSeconds:0.#} s...");
                reference = await new PostgresReference(connectionString, options.Clients, options.PostgresDuration).RunAsync(doc, cancellationToken);
            }

            return new BenchmarkResult(options, platform.InProcess || options.Endpoint is null, submits, adapters, timeline, errors, reference, docBytes, drainTaken)
            {
                Warmup = warmup,
                JitInWindow = new JitSnapshot(jitAtEnd.Methods - warmup.AtEnd.Methods, jitAtEnd.Compiling - warmup.AtEnd.Compiling),
            };
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }

            adapterChannel.Dispose();
        }
    }

    /// <summary>Lets the adapters take and finish what is still queued, up to --drain.</summary>
    private async Task<TimeSpan> DrainAsync(JobTimeline timeline, Task adapterTask, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var until = started + MeasurementWindow.ToTicks(options.Drain);
        progress.WriteLine($"Submits done; draining {timeline.Outstanding} unfinished jobs (at most {options.Drain.TotalSeconds:0.#} s)...");
        while (timeline.Outstanding > 0 && Stopwatch.GetTimestamp() < until && !adapterTask.IsCompleted)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        return Stopwatch.GetElapsedTime(started);
    }

    private static GrpcChannel Channel(string url) => GrpcChannel.ForAddress(url, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        },
        MaxReceiveMessageSize = 16 << 20,
    });

    private static CallInvoker Authorized(GrpcChannel channel, string header, string value) =>
        channel.Intercept(metadata =>
        {
            metadata.Add(header, value);
            return metadata;
        });

    private static string FallbackDoc() =>
        $$"""{"spec": {"code": "{{new string('x', FallbackDocBytes)}}"}, "status": "submitted"}""";
}
