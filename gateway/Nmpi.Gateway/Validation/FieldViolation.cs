namespace Nmpi.Gateway.Validation;

/// <summary>One problem with one request field, named by its proto path (e.g. <c>input_data[2]</c>).</summary>
public sealed record FieldViolation(string Field, string Description);
