using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Nmpi.GrainInterfaces.Jobs;
using Orleans.Runtime;

namespace Nmpi.Gateway.Errors;

/// <summary>Turns every exception a gRPC handler throws into a status with no exception text in it.</summary>
public sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Translate(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Translate(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Translate(e, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Translate(e, context);
        }
    }

    private RpcException Translate(Exception e, ServerCallContext context)
    {
        switch (e)
        {
            case JobRejectedException rejection:
                return GatewayErrors.FromRejection(rejection);
            case Nmpi.GrainInterfaces.Quotas.QuotaRejectedException quota:
                return Quotas.QuotaErrors.FromRejection(quota);
            case Nmpi.GrainInterfaces.Accounts.AccountRejectedException refusal:
                return Accounts.AccountErrors.FromRejection(refusal);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                // The caller left or its deadline passed; nobody reads this status, so there is nothing to log.
                return new RpcException(new Grpc.Core.Status(StatusCode.Cancelled, "The call was cancelled."));
            // ConnectionFailedException reaches the caller unwrapped when the client's gateway silo has just died.
            // A silo failure whose exception type cannot cross the wire (a database error during a crash, for one)
            // arrives as CodecNotFoundException: the cluster failed, not the request, so the caller may retry.
            case TimeoutException or SiloUnavailableException or OrleansMessageRejectionException or ClientNotAvailableException or GatewayTooBusyException
                or Orleans.Runtime.Messaging.ConnectionFailedException or Orleans.Serialization.CodecNotFoundException:
                GatewayLog.ClusterUnavailable(logger, context.Method, e);
                return GatewayErrors.Unavailable();
            default:
                GatewayLog.UnhandledException(logger, context.Method, e);
                return GatewayErrors.Internal();
        }
    }
}
