namespace Nmpi.Api.Platforms;

/// <summary>What is wrong with one key of a hardware_config.</summary>
public sealed record HardwareConfigProblem(string Key, string Problem);
