namespace Nmpi.Client;

/// <summary>One field of a request the platform refused, and why.</summary>
public sealed record FieldProblem(string Field, string Description);
