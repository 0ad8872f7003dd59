using Nmpi.Adapters.Execution;
using Nmpi.Api.V1;

namespace Nmpi.Adapters.Tests;

/// <summary>Whose failure an exit is: the job's once its code started, the platform's (retried) before.</summary>
public sealed class ExitVerdictTests
{
    private static readonly JobLimits Limits = new(200L << 20, 64);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(125)]
    [InlineData(127)]
    [InlineData(137)]
    public void Exit_BeforeTheJobsCodeStarted_IsAPlatformFailureThatIsRetried(int exitCode)
    {
        var end = ExitVerdict.Of(codeStarted: false, LimitBreach.None, exitCode, "nmpi-enter: 1: cannot create /sys/fs/cgroup/pids/x/cgroup.procs: Directory nonexistent", Limits);

        Assert.True(end.Retry);
        Assert.Equal((Outcome.Error, FailureReason.PlatformError), (end.Outcome, end.Reason));
        Assert.Contains("before the job's code started", end.Message, StringComparison.Ordinal);
        Assert.Contains("Directory nonexistent", end.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exit_WithoutAnyErrorLine_BeforeTheCodeStarted_SaysTheExitCode()
    {
        var end = ExitVerdict.Of(codeStarted: false, LimitBreach.None, 1, null, Limits);

        Assert.True(end.Retry);
        Assert.EndsWith("(exit code 1)", end.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, LimitBreach.None, Outcome.Finished, FailureReason.Unspecified)]
    [InlineData(1, LimitBreach.None, Outcome.Error, FailureReason.UserCodeError)]
    [InlineData(137, LimitBreach.None, Outcome.Error, FailureReason.UserCodeError)]
    [InlineData(137, LimitBreach.Memory, Outcome.Error, FailureReason.Memory)]
    [InlineData(137, LimitBreach.ProcessLimit, Outcome.Error, FailureReason.ProcessLimit)]
    public void Exit_AfterTheJobsCodeStarted_IsTheJobsOwnEnd(int exitCode, LimitBreach breach, Outcome outcome, FailureReason reason)
    {
        var end = ExitVerdict.Of(codeStarted: true, breach, exitCode, "Traceback", Limits);

        Assert.False(end.Retry);
        Assert.Equal((outcome, reason), (end.Outcome, end.Reason));
    }
}
