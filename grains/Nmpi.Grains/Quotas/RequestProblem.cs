namespace Nmpi.Grains.Quotas;

/// <summary>One thing wrong with a request's fields: the field path and what is wrong.</summary>
public sealed record RequestProblem(string Field, string Description);
