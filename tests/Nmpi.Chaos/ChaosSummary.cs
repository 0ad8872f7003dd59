using Nmpi.Chaos.Analysis;

namespace Nmpi.Chaos;

/// <summary>Everything one run prints: the findings and the counts around them.</summary>
public sealed record ChaosSummary
{
    /// <summary>What the analysis found.</summary>
    public required ChaosFindings Findings { get; init; }

    /// <summary>Submit unavailability per fault kind.</summary>
    public required IReadOnlyList<Unavailability> Unavailability { get; init; }

    /// <summary>The faults injected.</summary>
    public required IReadOnlyList<FaultEvent> Faults { get; init; }

    /// <summary>Faults the program could not inject (the platform was not whole again in time).</summary>
    public required IReadOnlyList<string> SkippedFaults { get; init; }

    /// <summary>Process exits the program did not cause.</summary>
    public required IReadOnlyList<string> Crashes { get; init; }

    /// <summary>Job processes alive after every job ended (pid and command line).</summary>
    public required IReadOnlyList<string> OrphansAtEnd { get; init; }

    /// <summary>Keys submitted by the load and the probes.</summary>
    public required int Submitted { get; init; }

    /// <summary>Keys acknowledged.</summary>
    public required int Acknowledged { get; init; }

    /// <summary>Submit attempts that failed and were retried.</summary>
    public required int FailedAttempts { get; init; }

    /// <summary>Acknowledged submits sent again with the same request id.</summary>
    public required int Resent { get; init; }

    /// <summary>Submits refused with an error no retry mends.</summary>
    public required IReadOnlyCollection<string> Refused { get; init; }

    /// <summary>Keys never acknowledged.</summary>
    public required IReadOnlyCollection<string> NeverAcknowledged { get; init; }

    /// <summary>Jobs the platform lists at the end.</summary>
    public required int Jobs { get; init; }

    /// <summary>Runs in the ledger.</summary>
    public required int Runs { get; init; }

    /// <summary>Ledger lines that could not be read.</summary>
    public required int BadLedgerLines { get; init; }

    /// <summary>How long the load ran and how long the drain took.</summary>
    public required TimeSpan LoadTime { get; init; }

    /// <summary>How long the drain took.</summary>
    public required TimeSpan DrainTime { get; init; }
}
