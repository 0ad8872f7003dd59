using Grpc.Core;

namespace Nmpi.Adapters;

/// <summary>Repeats a call to the gateway while it is unreachable, until it is accepted, refused or given up.</summary>
public static class ReportRetry
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(5);

    /// <summary>Runs the call, retrying UNAVAILABLE and DEADLINE_EXCEEDED with backoff; FAILED_PRECONDITION throws <see cref="LeaseFencedException"/>.</summary>
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
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
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

    private static bool IsTransient(StatusCode code) => code is StatusCode.Unavailable or StatusCode.DeadlineExceeded;
}
