using System.Text.Json.Nodes;

namespace Nmpi.Cli.Tests.Infrastructure;

/// <summary>How an nmpi process ended: its exit code and everything it printed.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>stdout parsed as one JSON document.</summary>
    public JsonNode Json() => JsonNode.Parse(Stdout) ?? throw new InvalidOperationException("nmpi printed JSON null");

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
