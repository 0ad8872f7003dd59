using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nmpi.GrainInterfaces.Jobs;
using Orleans.Runtime;

namespace Nmpi.Gateway.Errors;

/// <summary>Turns an exception of a service method into the status its caller gets, with no exception text in it.</summary>
/// <remarks>Shared by the gRPC pipeline (<see cref="ErrorInterceptor"/>) and the in-process calls of the HTTP surfaces.</remarks>
public sealed class ErrorTranslator(ILogger<ErrorTranslator> logger)
{
    /// <summary>The status for <paramref name="e"/>, thrown by the method <paramref name="method"/>.</summary>
    public RpcException Translate(Exception e, string method, CancellationToken callCancelled)
    {
        ArgumentNullException.ThrowIfNull(e);
        switch (e)
        {
            case RpcException rpc:
                return rpc;
            case JobRejectedException rejection:
                return GatewayErrors.FromRejection(rejection);
            case Nmpi.GrainInterfaces.Quotas.QuotaRejectedException quota:
                return Quotas.QuotaErrors.FromRejection(quota);
            case Nmpi.GrainInterfaces.Accounts.AccountRejectedException refusal:
                return Accounts.AccountErrors.FromRejection(refusal);
            case Nmpi.GrainInterfaces.Statistics.StatisticsBusyException busy:
                return GatewayErrors.StatisticsBusy(busy.Message, busy.RetryAfterSeconds);
            case Nmpi.GrainInterfaces.StorageUnavailableException { Transient: true } storage:
                GatewayLog.ClusterUnavailable(logger, method, storage);
                return GatewayErrors.Unavailable();
            case OperationCanceledException when callCancelled.IsCancellationRequested:
                // The caller left or its deadline passed; nobody reads this status, so there is nothing to log.
                return new RpcException(new Grpc.Core.Status(StatusCode.Cancelled, "The call was cancelled."));
            // ConnectionFailedException reaches the caller unwrapped when the client's gateway silo has just died.
            // A silo failure whose exception type cannot cross the wire (a database error during a crash, for one)
            // arrives as CodecNotFoundException: the cluster failed, not the request, so the caller may retry.
            case TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or ClientNotAvailableException or GatewayTooBusyException
                or Orleans.Runtime.Messaging.ConnectionFailedException or Orleans.Serialization.CodecNotFoundException:
                GatewayLog.ClusterUnavailable(logger, method, e);
                return GatewayErrors.Unavailable();
            default:
                GatewayLog.UnhandledException(logger, method, e);
                return GatewayErrors.Internal();
        }
    }
}
