namespace Nmpi.Chaos;

/// <summary>One fault as injected: when, what kind, and which process (e.g. "adapter1.3", the adapter's third start).</summary>
public sealed record FaultEvent(DateTimeOffset At, FaultKind Kind, string Target);
