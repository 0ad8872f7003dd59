using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Nmpi.Client;

namespace Nmpi.Cli.Tests;

/// <summary>
/// The advice for refusals this platform cannot produce yet: quotas come with a later issue, so the error is built as the
/// gateway builds every error (google.rpc.Status with ErrorInfo in the trailer) and read by the same client code.
/// </summary>
public sealed class ErrorAdviceTests
{
    [Fact]
    public void QuotaExhausted_ShowsTheServersMessageAndSaysToAskForMore()
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = "Collab 'neuro' has used 10.0 of its 10.0 core-hours on SpiNNaker.",
            Details = { Any.Pack(new ErrorInfo { Domain = "nmpi.v1", Reason = "QUOTA_EXHAUSTED" }) },
        };
        var refused = NmpiException.From(status.ToRpcException());

        var advice = ErrorAdvice.Explain(refused, "http://127.0.0.1:5080");

        Assert.Equal(ExitCodes.Refused, advice.ExitCode);
        Assert.Equal(
            "Quota exhausted: Collab 'neuro' has used 10.0 of its 10.0 core-hours on SpiNNaker. Ask for more quota for the collab (or use another collab with -c).",
            advice.Message);
    }

    [Fact]
    public void ClusterUnavailable_IsUnreachableButSaysTheServerAnswered()
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.Unavailable,
            Message = "The cluster is unavailable.",
            Details = { Any.Pack(new ErrorInfo { Domain = "nmpi.v1", Reason = "CLUSTER_UNAVAILABLE" }) },
        };

        var advice = ErrorAdvice.Explain(NmpiException.From(status.ToRpcException()), "http://gw:5080");

        Assert.Equal(ExitCodes.Unreachable, advice.ExitCode);
        Assert.Equal("The server at http://gw:5080 answers but its cluster is unavailable (The cluster is unavailable): try again in a minute.", advice.Message);
    }

    [Fact]
    public void RateLimited_SaysToWait_NotThatTheQuotaIsExhausted()
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = "Too many changes in a short time (limit 50 per second per user); retry in 0.02 s.",
            Details = { Any.Pack(new ErrorInfo { Domain = "nmpi.v1", Reason = "RATE_LIMITED" }) },
        };

        var advice = ErrorAdvice.Explain(NmpiException.From(status.ToRpcException()), "http://gw:5080");

        Assert.Equal(ExitCodes.Refused, advice.ExitCode);
        Assert.Equal(
            "Too many changes in a short time (limit 50 per second per user); retry in 0.02 s. Wait a moment and run the command again.",
            advice.Message);
    }
}
