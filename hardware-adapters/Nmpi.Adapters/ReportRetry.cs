using Google.Rpc;
using Grpc.Core;

namespace Nmpi.Adapters;

/// <summary>Repeats a call to the gateway while it is unreachable, until it is accepted, refused or given up.</summary>
public static class ReportRetry
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs the call, retrying UNAVAILABLE and DEADLINE_EXCEEDED with backoff; a refusal that means the job is no longer the
    /// adapter's (see <see cref="IsFenced"/>) throws <see cref="LeaseFencedException"/>.
    /// </summary>
    public static async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var delay = FirstDelay;
        while (true)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (RpcException e) when (IsFenced(e))
            {
                throw new LeaseFencedException(e.Status.Detail, e);
            }
            catch (RpcException e) when (IsTransient(e.StatusCode) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestDelay.Ticks));
            }
        }
    }

    /// <summary>
    /// True for FAILED_PRECONDITION (a stale lease), and for NOT_FOUND of the job or of the adapter: the gateway answers so
    /// when the job or adapter is no longer this key's (its lease went to another site), and repeating cannot change it.
    /// </summary>
    public static bool IsFenced(RpcException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.StatusCode == StatusCode.FailedPrecondition
            || (e.StatusCode == StatusCode.NotFound && e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason is "JOB_NOT_FOUND" or "ADAPTER_NOT_FOUND");
    }

    private static bool IsTransient(StatusCode code) => code is StatusCode.Unavailable or StatusCode.DeadlineExceeded;
}
