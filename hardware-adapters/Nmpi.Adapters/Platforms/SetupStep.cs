namespace Nmpi.Adapters.Platforms;

/// <summary>
/// One set-up step of a job: the hardware_config key it comes from, how it reads in the log and in a failure
/// message, the program with its arguments (never passed through a shell), run in the job directory inside the job's
/// sandbox, and whether it needs the network there (only downloading wheels, which runs no package code; building never gets it).
/// </summary>
/// <param name="Key">The hardware_config key, e.g. extra_pip_installs.</param>
/// <param name="Description">The step as a user would type it, e.g. <c>pip install ./mypkg</c>.</param>
/// <param name="Program">The program to run.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="CheckPath">A path relative to the job directory that must exist, and lead through no link, when the step starts.</param>
/// <param name="NeedsNetwork">Whether the step keeps the machine's network inside the sandbox; without it, it runs with none, as the command does.</param>
public sealed record SetupStep(string Key, string Description, string Program, IReadOnlyList<string> Arguments, string? CheckPath = null, bool NeedsNetwork = false);
