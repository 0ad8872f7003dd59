using Nmpi.Api.V1;

namespace Nmpi.Adapters.Platforms;

/// <summary>How a job ends when its platform check or set-up fails: outcome, reason category and a message naming the step.</summary>
public sealed record SetupFailure(Outcome Outcome, FailureReason Reason, string Message);
