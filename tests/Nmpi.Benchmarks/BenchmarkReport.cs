using System.Globalization;

namespace Nmpi.Benchmarks;

/// <summary>Prints a run's figures, one per line, and the one-line summary; judges only whether the run broke.</summary>
public static class BenchmarkReport
{
    /// <summary>Largest share of failed calls before a run counts as broken.</summary>
    public const double MaxErrorShare = 0.01;

    private static string WarmupText(WarmupResult warmup) => warmup switch
    {
        { Auto: false } => $"{F(warmup.Taken.TotalSeconds)} s warm-up",
        { Settled: true } => $"{F(warmup.Taken.TotalSeconds)} s warm-up (auto: until JIT compilation took under {F(100 * Warmup.QuietShare)} % of a core over {F(Warmup.QuietSpan.TotalSeconds)} s)",
        _ => $"{F(warmup.Taken.TotalSeconds)} s warm-up (auto; the JIT was still busy when it gave up)",
    };

    public static void Print(BenchmarkResult result, TextWriter output)
    {
        var o = result.Options;
        var seconds = o.Duration.TotalSeconds;
        var submitsPerSecond = result.Submits.AcknowledgedInWindow / seconds;
        var submits = result.Submits.Latency;
        var lease = result.Timeline.SubmitToLease;
        var adapters = result.Adapters;

        output.WriteLine();
        output.WriteLine($"Nmpi.Orleans benchmark{(o.Smoke ? " (smoke)" : "")}: {(result.InProcess ? "in-process silo + gateway, private database" : $"endpoint {o.Endpoint}")}");
        output.WriteLine($"  load                       {o.Clients} submit clients over {o.Channels} channel(s) to {o.Collabs} collab(s), {(o.Rate is { } rate ? $"paced at {F(rate)} submits/s" : "unpaced")}; {o.Adapters} adapter(s) x capacity {o.Capacity}, max_jobs {o.MaxJobs}; {F(seconds)} s measured after {WarmupText(result.Warmup)}; {Environment.ProcessorCount} cores");
        output.WriteLine($"  JIT in the window          {result.JitInWindow.Methods} methods compiled, {F(result.JitInWindow.Compiling.TotalSeconds)} s compiling ({F(100 * result.JitInWindow.Compiling.TotalSeconds / seconds)} % of a core)");
        output.WriteLine($"  acknowledged submits/s     {F(submitsPerSecond)}  ({result.Submits.AcknowledgedInWindow} in the window, {result.Timeline.Acknowledged} in the run)");
        if (o.Rate is { } offered && submitsPerSecond < 0.95 * offered)
        {
            output.WriteLine($"  note                       the paced rate was not reached: the clients were all waiting on answers; latencies above exclude that backlog (add --clients)");
        }

        output.WriteLine($"  submit latency p50         {Ms(submits.Percentile(50))}");
        output.WriteLine($"  submit latency p99         {Ms(submits.Percentile(99))}");
        output.WriteLine($"  submit-to-lease p50        {Ms(lease.Percentile(50))}  (client send to lease received, {lease.Count} jobs sent in the window)");
        output.WriteLine($"  submit-to-lease p99        {Ms(lease.Percentile(99))}");
        output.WriteLine($"  jobs completed/s           {F(adapters.CompletedInWindow / seconds)}  ({adapters.CompletedInWindow} in the window)");
        output.WriteLine($"  jobs leased in the run     {adapters.Leased} of {result.Timeline.Acknowledged} acknowledged; {result.Timeline.Outstanding} left unfinished after {F(result.DrainTaken.TotalSeconds)} s of drain");
        var perReply = adapters.FullReplies == 0 ? double.NaN : (double)adapters.Leased / adapters.FullReplies;
        output.WriteLine($"  LeaseJobs answers          {adapters.FullReplies} with jobs ({F(perReply)} jobs each, p50 {Ms(adapters.LeaseCall.Percentile(50))}, p99 {Ms(adapters.LeaseCall.Percentile(99))}), {adapters.EmptyReplies} empty");
        output.WriteLine($"  adapter calls p50/p99      MarkRunning {Ms(adapters.MarkRunning.Percentile(50))} / {Ms(adapters.MarkRunning.Percentile(99))}; CompleteJob {Ms(adapters.Complete.Percentile(50))} / {Ms(adapters.Complete.Percentile(99))}");
        output.WriteLine($"  errors                     {result.Errors} (of {result.Submits.Attempts} submit and {adapters.Calls} adapter calls)");
        if (result.Postgres is { } pg)
        {
            output.WriteLine($"  pg single-row inserts/s    {F(pg.RowsPerSecond)}  ({pg.Connections} connections, autocommit, {F(pg.Elapsed.TotalSeconds)} s, doc {result.ReferenceDocBytes} bytes; p50 {Ms(pg.P50Milliseconds)}, p99 {Ms(pg.P99Milliseconds)})");
        }
        else
        {
            output.WriteLine("  pg single-row inserts/s    skipped (no database of the run, or --pg-duration 0)");
        }

        var verdict = Verdict(result);
        output.WriteLine(verdict is null ? "  run                        complete" : $"  run                        BROKEN: {verdict}");
        output.WriteLine();
        output.WriteLine(string.Join(
            ' ',
            $"submits/s={F(submitsPerSecond)}",
            $"submit_p50_ms={F(submits.Percentile(50))}",
            $"submit_p99_ms={F(submits.Percentile(99))}",
            $"lease_p50_ms={F(lease.Percentile(50))}",
            $"lease_p99_ms={F(lease.Percentile(99))}",
            $"pg_inserts/s={(result.Postgres is { } p ? F(p.RowsPerSecond) : "n/a")}"));
    }

    /// <summary>Why the run broke (so its figures mean nothing), or null; speed is never judged here.</summary>
    public static string? Verdict(BenchmarkResult result)
    {
        var calls = result.Submits.Attempts + result.Adapters.Calls;
        if (result.Submits.AcknowledgedInWindow == 0)
        {
            return "no submit was acknowledged in the measured window";
        }

        if (result.Adapters.Leased == 0)
        {
            return "no job was leased to an adapter";
        }

        if (calls > 0 && result.Errors.Total > MaxErrorShare * calls)
        {
            return $"{result.Errors.Total} of {calls} calls failed (more than {MaxErrorShare:P0})";
        }

        return null;
    }

    private static string F(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString(Math.Abs(value) switch { >= 100 => "F0", >= 10 => "F1", _ => "F2" }, CultureInfo.InvariantCulture);

    private static string Ms(double value) => double.IsNaN(value) ? "n/a" : $"{F(value)} ms";
}
