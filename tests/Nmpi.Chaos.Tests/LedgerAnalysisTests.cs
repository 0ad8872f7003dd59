using Nmpi.Api.V1;
using Nmpi.Chaos;
using Nmpi.Chaos.Analysis;

namespace Nmpi.Chaos.Tests;

/// <summary>The end-of-run analysis on hand-made ledgers, outcomes and faults.</summary>
public sealed class LedgerAnalysisTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    [Fact]
    public void Reader_GroupsLinesIntoRunsByMarker_AndCountsUnreadableLines()
    {
        var (runs, bad) = LedgerReader.Read(
        [
            Line("start", "k1", "m1", 0, "adapter1.1"),
            Line("start", "k1", "m2", 5, "adapter2.1"),
            Line("tick", "k1", "m1", 1, "adapter1.1"),
            Line("end", "k1", "m1", 2, "adapter1.1"),
            "start k1 m3 12",
            "",
        ]);

        var k1 = Assert.Single(runs).Value;
        Assert.Equal(["m1", "m2"], k1.Select(r => r.Marker));
        Assert.Equal(T0.AddSeconds(2), k1[0].End);
        Assert.Equal(T0.AddSeconds(2), k1[0].LastSeen);
        Assert.False(k1[1].Ended);
        Assert.Equal(1, bad);
    }

    [Fact]
    public void Analyse_TwoRunsAliveAtOnce_IsAConcurrentRunAndNoRerun()
    {
        var findings = Analyse(Ledger(("k1", "m1", 0, 10, true, "adapter1.1"), ("k1", "m2", 8, 20, true, "adapter2.1")));

        var concurrent = Assert.Single(findings.Concurrent);
        Assert.Equal(("m1", "m2"), (concurrent.First.Marker, concurrent.Second.Marker));
        Assert.Empty(findings.Reruns);
    }

    [Fact]
    public void Analyse_RunsThatOnlyTouchEnds_AreSequential()
    {
        var findings = Analyse(Ledger(("k1", "m1", 0, 10, false, "adapter1.1"), ("k1", "m2", 10, 20, true, "adapter2.1")));

        Assert.Empty(findings.Concurrent);
        Assert.Single(findings.Reruns);
    }

    [Fact]
    public void Analyse_AdapterKilledAfterTheScriptEnded_IsAnExpectedRerunOfThatCause()
    {
        var findings = Analyse(
            Ledger(("k1", "m1", 0, 10, true, "adapter1.1"), ("k1", "m2", 25, 35, true, "adapter2.1")),
            faults: [new FaultEvent(T0.AddSeconds(11), FaultKind.Adapter, "adapter1.1")]);

        var rerun = Assert.Single(findings.Reruns);
        Assert.Equal(RerunCause.AdapterKilledAfterTheScriptEnded, rerun.Cause);
        Assert.True(rerun.Expected);
    }

    [Fact]
    public void Analyse_AdapterKilledMidRun_IsAnExpectedRetry()
    {
        var findings = Analyse(
            Ledger(("k1", "m1", 0, 5, false, "adapter1.1"), ("k1", "m2", 20, 30, true, "adapter1.2")),
            faults: [new FaultEvent(T0.AddSeconds(5.5), FaultKind.Adapter, "adapter1.1")]);

        Assert.Equal(RerunCause.AdapterKilledMidRun, Assert.Single(findings.Reruns).Cause);
    }

    [Fact]
    public void Analyse_AnotherAdaptersKill_DoesNotExplainARerun_ButALaterSiloKillDoes()
    {
        var findings = Analyse(
            Ledger(("k1", "m1", 0, 10, true, "adapter1.1"), ("k1", "m2", 25, 35, true, "adapter2.1")),
            faults:
            [
                new FaultEvent(T0.AddSeconds(3), FaultKind.Adapter, "adapter2.1"),
                new FaultEvent(T0.AddSeconds(4), FaultKind.Gateway, "gateway1.1"),
                new FaultEvent(T0.AddSeconds(9), FaultKind.Silo, "silo2.1"),
            ]);

        var rerun = Assert.Single(findings.Reruns);
        Assert.Equal(RerunCause.SiloKill, rerun.Cause);
        Assert.False(rerun.Expected);
    }

    [Fact]
    public void Analyse_RerunWithNoFaultNearby_IsBlamedOnNoFault()
    {
        var findings = Analyse(
            Ledger(("k1", "m1", 100, 110, true, "adapter1.1"), ("k1", "m2", 125, 135, true, "adapter1.1")),
            faults: [new FaultEvent(T0.AddSeconds(10), FaultKind.Postgres, "postgres")]);

        Assert.Equal(RerunCause.NoFault, Assert.Single(findings.Reruns).Cause);
    }

    [Fact]
    public void Analyse_AcknowledgedJobsThatDidNotFinish_AreLost()
    {
        var findings = Analyse(
            Ledger(),
            acknowledged: new() { ["ok"] = [1], ["failed"] = [2], ["missing"] = [3], ["running"] = [4] },
            outcomes:
            [
                Outcome(1, "ok", JobStatus.Finished),
                Outcome(2, "failed", JobStatus.Error, FailureReason.LostLease),
                Outcome(4, "running", JobStatus.Running),
            ]);

        Assert.Equal(["failed", "missing", "running"], findings.Lost.Select(l => l.Split(' ')[0]).Order());
        Assert.Equal(4, Assert.Single(findings.Stuck).JobId);
    }

    [Fact]
    public void Analyse_OneKeyAnsweredOrListedWithTwoJobIds_IsADuplicate()
    {
        var findings = Analyse(
            Ledger(),
            acknowledged: new() { ["k1"] = [1], ["k2"] = [2, 3], ["k3"] = [4] },
            outcomes:
            [
                Outcome(1, "k1", JobStatus.Finished),
                Outcome(5, "k1", JobStatus.Finished),
                Outcome(2, "k2", JobStatus.Finished),
                Outcome(3, "k2", JobStatus.Finished),
                Outcome(4, "k3", JobStatus.Finished),
            ]);

        Assert.Equal(["k1", "k2"], findings.Duplicates.Keys.Order());
        Assert.Equal([1L, 5L], findings.Duplicates["k1"].Order());
    }

    [Fact]
    public void Analyse_UserCodeErrorWhereTheScriptEndedOrNeverStarted_IsBlamedOnTheUser_ButNotWhereItWasCutOff()
    {
        var findings = Analyse(
            Ledger(("ended", "m1", 0, 3, true, "adapter1.1"), ("cut", "m2", 0, 3, false, "adapter1.1")),
            outcomes:
            [
                Outcome(1, "ended", JobStatus.Error, FailureReason.UserCodeError),
                Outcome(2, "never", JobStatus.Error, FailureReason.UserCodeError),
                Outcome(3, "cut", JobStatus.Error, FailureReason.UserCodeError),
                Outcome(4, "platform", JobStatus.Error, FailureReason.PlatformError),
            ]);

        Assert.Equal([1L, 2L], findings.Blamed.Select(b => b.JobId).Order());
    }

    [Fact]
    public void Analyse_RunTickingAfterItsAdaptersKill_OutlivedItsAdapter()
    {
        var findings = Analyse(
            Ledger(("k1", "m1", 0, 20, true, "adapter1.1"), ("k2", "m2", 0, 5, false, "adapter1.1"), ("k3", "m3", 0, 20, true, "adapter2.1")),
            faults: [new FaultEvent(T0.AddSeconds(5), FaultKind.Adapter, "adapter1.1")]);

        Assert.Equal("m1", Assert.Single(findings.OutlivedTheirAdapter).Marker);
    }

    [Fact]
    public void Unavailability_GivesMedianAndWorstPerKind_AndCountsFaultsNeverRecovered()
    {
        var summary = Unavailability.Summarise(
        [
            (FaultKind.Silo, TimeSpan.FromSeconds(1)),
            (FaultKind.Silo, TimeSpan.FromSeconds(9)),
            (FaultKind.Silo, TimeSpan.FromSeconds(2)),
            (FaultKind.Gateway, TimeSpan.FromSeconds(1)),
            (FaultKind.Gateway, TimeSpan.FromSeconds(3)),
            (FaultKind.Gateway, null),
        ]);

        Assert.Equal(new Unavailability(FaultKind.Silo, 3, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(9), 0), summary[0]);
        Assert.Equal(new Unavailability(FaultKind.Gateway, 3, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), 1), summary[1]);
    }

    private static ChaosFindings Analyse(
        IReadOnlyDictionary<string, IReadOnlyList<LedgerRun>> runs,
        Dictionary<string, HashSet<long>>? acknowledged = null,
        IReadOnlyList<JobOutcome>? outcomes = null,
        IReadOnlyList<FaultEvent>? faults = null) =>
        ChaosAnalysis.Analyse(new ChaosInput(
            (acknowledged ?? []).ToDictionary(p => p.Key, p => (IReadOnlySet<long>)p.Value),
            outcomes ?? [],
            runs,
            faults ?? [],
            Lease));

    private static JobOutcome Outcome(long id, string key, JobStatus status, FailureReason failure = FailureReason.Unspecified) =>
        new(id, key, status, failure, "");

    /// <summary>A ledger of runs (key, marker, start and last second, whether it ended, adapter), ticking every second.</summary>
    private static IReadOnlyDictionary<string, IReadOnlyList<LedgerRun>> Ledger(params (string Key, string Marker, double Start, double Last, bool Ended, string Adapter)[] runs)
    {
        var lines = new List<string>();
        foreach (var run in runs)
        {
            lines.Add(Line("start", run.Key, run.Marker, run.Start, run.Adapter));
            for (var t = run.Start + 1; t < run.Last; t++)
            {
                lines.Add(Line("tick", run.Key, run.Marker, t, run.Adapter));
            }

            lines.Add(Line(run.Ended ? "end" : "tick", run.Key, run.Marker, run.Last, run.Adapter));
        }

        var (read, bad) = LedgerReader.Read(lines);
        Assert.Equal(0, bad);
        return read;
    }

    private static string Line(string kind, string key, string marker, double second, string adapter) =>
        FormattableString.Invariant($"{kind} {key} {marker} 4242 {(T0.ToUnixTimeMilliseconds() / 1000.0) + second:F3} {adapter}");
}
