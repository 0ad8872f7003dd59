using System.Diagnostics;
using System.Runtime;

namespace Nmpi.Benchmarks;

/// <summary>
/// Runs the warm-up, then begins the measured window: a fixed time, or (auto) until the JIT has settled. The silo runs
/// in this process, so <see cref="JitInfo"/> sees the platform's compilations as well as the load generator's: hot code
/// is promoted to optimised tiers in the background for many seconds after start, and a window that opens before that
/// measures the compiler rather than the platform.
/// </summary>
public static class Warmup
{
    /// <summary>Auto warm-up lasts at least this long.</summary>
    public static readonly TimeSpan AutoMinimum = TimeSpan.FromSeconds(3);

    /// <summary>Auto warm-up gives up waiting after this long and says so.</summary>
    public static readonly TimeSpan AutoMaximum = TimeSpan.FromSeconds(90);

    /// <summary>The span over which JIT activity is judged.</summary>
    public static readonly TimeSpan QuietSpan = TimeSpan.FromSeconds(3);

    /// <summary>Settled: compilation took less than this share of one core over <see cref="QuietSpan"/>.</summary>
    public const double QuietShare = 0.05;

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    /// <summary>Waits out the warm-up (<paramref name="fixedLength"/>, or auto when null), then begins the window.</summary>
    public static async Task<WarmupResult> RunAsync(TimeSpan? fixedLength, MeasurementWindow window, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var settled = true;
        if (fixedLength is { } length)
        {
            await Task.Delay(length, cancellationToken);
        }
        else
        {
            settled = await WaitForQuietJitAsync(started, cancellationToken);
        }

        window.Begin();
        return new WarmupResult(Stopwatch.GetElapsedTime(started), fixedLength is null, settled, JitSnapshot.Now());
    }

    private static async Task<bool> WaitForQuietJitAsync(long started, CancellationToken cancellationToken)
    {
        var samples = new Queue<(long At, TimeSpan Compiling)>();
        while (true)
        {
            await Task.Delay(Tick, cancellationToken);
            var now = Stopwatch.GetTimestamp();
            samples.Enqueue((now, JitInfo.GetCompilationTime(currentThread: false)));
            while (Stopwatch.GetElapsedTime(samples.Peek().At, now) > QuietSpan)
            {
                samples.Dequeue();
            }

            var elapsed = Stopwatch.GetElapsedTime(started, now);
            if (elapsed >= AutoMaximum)
            {
                return false;
            }

            var (oldestAt, oldestCompiling) = samples.Peek();
            var span = Stopwatch.GetElapsedTime(oldestAt, now);
            if (elapsed >= AutoMinimum && span >= QuietSpan - Tick
                && (samples.Last().Compiling - oldestCompiling) / span < QuietShare)
            {
                return true;
            }
        }
    }
}

/// <summary>How the warm-up went: its length, whether it was auto, whether the JIT settled, and the JIT totals at its end.</summary>
public sealed record WarmupResult(TimeSpan Taken, bool Auto, bool Settled, JitSnapshot AtEnd);

/// <summary>This process's JIT totals at one moment.</summary>
public sealed record JitSnapshot(long Methods, TimeSpan Compiling)
{
    public static JitSnapshot Now() =>
        new(JitInfo.GetCompiledMethodCount(currentThread: false), JitInfo.GetCompilationTime(currentThread: false));
}
