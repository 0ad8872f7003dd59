using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Nmpi.Gateway.ServiceMode;

/// <summary>Applies the <see cref="ReadOnlyGuard"/> to every gRPC call before its handler runs (and before it reads a stream).</summary>
public sealed class ReadOnlyInterceptor(ReadOnlyGuard guard) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        guard.Check(context.Method);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        guard.Check(context.Method);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        guard.Check(context.Method);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        guard.Check(context.Method);
        return continuation(requestStream, responseStream, context);
    }
}
