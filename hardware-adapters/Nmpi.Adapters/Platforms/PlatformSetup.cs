namespace Nmpi.Adapters.Platforms;

/// <summary>The result of a job's set-up: how it failed (or null), the reports to continue with, the interpreter for its command, directories that are not outputs, and the sandbox each kind of step ran in.</summary>
/// <param name="Failure">How the job ends when a step failed; null when the command may run.</param>
/// <param name="Reports">The job's reports, whose log appends continue after the set-up's.</param>
/// <param name="Python">The job-local environment's interpreter, or null to keep the site's.</param>
/// <param name="ExcludedFromOutputs">Directories, relative to the job directory, never reported as outputs.</param>
/// <param name="StepSandboxes">For each kind of step the job asked for (its key), the sandbox it ran in, as provenance names it; null when the job had no set-up steps.</param>
public sealed record PlatformSetup(
    SetupFailure? Failure, JobReports Reports, string? Python, IReadOnlyList<string> ExcludedFromOutputs, IReadOnlyDictionary<string, string>? StepSandboxes = null);
