using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Nmpi.Adapters.Tests;

/// <summary>
/// How the adapter treats the gateway's refusals of a report. The refusals are built here as the gateway builds them
/// (google.rpc.Status with an ErrorInfo): the real gateway sends them in tests/Nmpi.Cluster.Tests/ProviderKeys.
/// </summary>
public sealed class ReportRetryTests
{
    [Theory]
    [InlineData(Code.NotFound, "JOB_NOT_FOUND")]
    [InlineData(Code.NotFound, "ADAPTER_NOT_FOUND")]
    [InlineData(Code.FailedPrecondition, "STALE_LEASE")]
    public async Task AReportOnAJobNoLongerTheAdapters_IsFenced_AtOnce_WithoutRetrying(Code code, string reason)
    {
        var calls = 0;

        await Assert.ThrowsAsync<LeaseFencedException>(() => ReportRetry.CallAsync<int>(
            _ =>
            {
                calls++;
                throw Refusal(code, reason);
            },
            CancellationToken.None));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task AnotherNotFound_IsNotTakenForAFence_AndIsNotRetried()
    {
        var calls = 0;

        var e = await Assert.ThrowsAsync<RpcException>(() => ReportRetry.CallAsync<int>(
            _ =>
            {
                calls++;
                throw Refusal(Code.NotFound, "CODE_BUNDLE_NOT_FOUND");
            },
            CancellationToken.None));

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task AnUnreachableGateway_IsRetried_UntilTheReportIsAccepted()
    {
        var calls = 0;

        var answer = await ReportRetry.CallAsync(
            _ => ++calls < 3 ? throw Refusal(Code.Unavailable, "CLUSTER_UNAVAILABLE") : Task.FromResult(calls),
            CancellationToken.None);

        Assert.Equal(3, answer);
    }

    private static RpcException Refusal(Code code, string reason)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = $"refused ({reason})" };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = "nmpi.v1" }));
        return status.ToRpcException();
    }
}
