using System.Diagnostics;
using System.Reflection;
using Nmpi.Chaos.Analysis;
using Nmpi.Chaos.Load;
using Nmpi.Chaos.Platform;

namespace Nmpi.Chaos;

/// <summary>One chaos run from start to summary: PostgreSQL, the processes, load and faults, drain, analysis, clean-up.</summary>
public sealed class ChaosRun(ChaosOptions options, TextWriter output)
{
    /// <summary>The hard targets every run is judged by.</summary>
    public static readonly IReadOnlySet<string> Judged = new HashSet<string>(["lost", "duplicates", "concurrent", "orphans", "blamed"], StringComparer.Ordinal);

    /// <summary>Runs everything and returns the summary and the hard targets it missed.</summary>
    public async Task<(ChaosSummary Summary, IReadOnlyList<string> Violations)> RunAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("nmpi-chaos-").FullName;
        var result = await RunInAsync(directory, cancellationToken);
        if (result.Violations.Count == 0 && !options.Keep)
        {
            Directory.Delete(directory, recursive: true);
        }
        else
        {
            output.WriteLine($"logs, ledger and database files are kept in {directory}");
        }

        return result;
    }

    private async Task<(ChaosSummary Summary, IReadOnlyList<string> Violations)> RunInAsync(string directory, CancellationToken cancellationToken)
    {
        var metadata = typeof(ChaosRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value!);
        var root = Path.GetFullPath(metadata["RepositoryRoot"]);
        // A private PostgreSQL runs as the postgres user beneath it.
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        var ledgerDirectory = Path.Combine(directory, "ledger");
        Directory.CreateDirectory(ledgerDirectory);
        var ledger = Path.Combine(ledgerDirectory, "ledger.txt");
        File.WriteAllText(ledger, "");
        // Jobs run as users of their own: any of them may append to the ledger, none may delete it (sticky directory).
        File.SetUnixFileMode(ledgerDirectory, (UnixFileMode)0b1_111_111_111);
        File.SetUnixFileMode(ledger, (UnixFileMode)0b110_110_110);
        var runId = $"c{Guid.NewGuid():N}"[..9];
        output.WriteLine($"nmpi-chaos {(options.Smoke ? "smoke " : "")}run {runId}: {options.Silos} silos, {options.Gateways} gateways, {options.Adapters} adapters x {options.Capacity}, jobs of {options.JobSecondsMin}-{options.JobSecondsMax} s at {options.Rate}/s for {options.Duration.TotalSeconds} s, lease {options.Lease.TotalSeconds} s; files in {directory}");

        await using var postgres = await ChaosPostgres.StartAsync(root, directory, options.Postgres, cancellationToken);
        var cluster = ChaosCluster.Create(options, root, metadata["Configuration"], directory, postgres.ConnectionString, ledgerDirectory);
        using var gateways = new GatewayClients(cluster.GatewayUrls, cluster.Token);
        var load = new ChaosLoad(options, gateways, runId, ledger);
        var injector = new FaultInjector(cluster, postgres, load, output);
        cluster.StartAll();
        try
        {
            // Generous: a first start on two busy cores took over two minutes (JIT of seven processes at once).
            if (!await injector.WaitUntilWholeAsync(cancellationToken, TimeSpan.FromMinutes(6)) || !await AnswersAsync(gateways, cancellationToken))
            {
                throw new InvalidOperationException($"The platform did not start within six minutes; logs are in {directory}.");
            }

            output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} platform up; load and faults start");
            var targets = new Dictionary<FaultKind, int>
            {
                [FaultKind.Silo] = options.Silos,
                [FaultKind.Gateway] = options.Gateways,
                [FaultKind.Adapter] = options.Adapters,
            };
            var plan = FaultSchedule.Plan(options.Duration, options.Faults, targets);
            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(load.RunAsync(options.Duration, cancellationToken), injector.RunAsync(plan, started, started + options.Duration, cancellationToken));
            var loadTime = clock.Elapsed;

            output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} load over; draining");
            await injector.WaitUntilWholeAsync(cancellationToken);
            var acknowledged = load.Acknowledged;
            var outcomes = await JobListing.DrainAsync(gateways, acknowledged.Count, options.Drain, output, cancellationToken);
            var drainTime = clock.Elapsed - loadTime;

            // Every job has ended (or is stuck): a job process still alive now is an orphan. Then clean them up.
            var orphans = JobProcessScan.Find(runId);
            var (runs, bad) = LedgerReader.Read(await File.ReadAllLinesAsync(ledger, cancellationToken));
            var findings = ChaosAnalysis.Analyse(new ChaosInput(acknowledged, outcomes, runs, injector.Faults, options.Lease));
            var summary = new ChaosSummary
            {
                Findings = findings,
                Unavailability = Unavailability.Summarise(injector.Recoveries),
                Faults = injector.Faults,
                SkippedFaults = injector.Skipped,
                Crashes = [.. cluster.All.SelectMany(p => p.Crashes)],
                OrphansAtEnd = [.. orphans.Select(o => $"{o.Pid}: {o.CommandLine}")],
                Submitted = acknowledged.Count + load.NeverAcknowledged.Count + load.Refused.Count,
                Acknowledged = acknowledged.Count,
                FailedAttempts = load.FailedAttempts,
                Resent = load.Resent,
                Refused = load.Refused,
                NeverAcknowledged = load.NeverAcknowledged,
                Jobs = outcomes.Count,
                Runs = runs.Values.Sum(r => r.Count),
                BadLedgerLines = bad,
                LoadTime = loadTime,
                DrainTime = drainTime,
            };
            return (summary, ChaosReport.Violations(summary, Judged));
        }
        finally
        {
            await cluster.StopAllAsync();
            foreach (var (pid, _) in JobProcessScan.Find(runId))
            {
                KillQuietly(pid);
            }
        }
    }

    private static async Task<bool> AnswersAsync(GatewayClients gateways, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(3);
        while (await JobListing.ReadAsync(gateways, cancellationToken) is null)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        return true;
    }

    private static void KillQuietly(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone already.
        }
    }
}
