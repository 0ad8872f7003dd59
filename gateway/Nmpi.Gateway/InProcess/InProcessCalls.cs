using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Gateway.Errors;

namespace Nmpi.Gateway.InProcess;

/// <summary>Invokes a gRPC service implementation in-process for an HTTP request, with the gRPC pipeline's error translation.</summary>
/// <remarks>
/// Every failure comes out as an <see cref="RpcException"/> with the status and google.rpc details a gRPC caller would
/// have received, so the HTTP surfaces map one kind of error only (see <see cref="ErrorTranslator"/>).
/// </remarks>
public static class InProcessCalls
{
    /// <summary>Runs <paramref name="call"/> on a new instance of <typeparamref name="TService"/> (as gRPC would create it).</summary>
    /// <param name="http">The HTTP request: its headers authenticate the call and its abort cancels it.</param>
    /// <param name="method">The gRPC method name the call stands for (for rate limits and logs), e.g. <c>/nmpi.v1.Jobs/SubmitJob</c>.</param>
    /// <param name="call">The service method to run.</param>
    public static async Task<TResponse> InvokeAsync<TService, TResponse>(
        HttpContext http, string method, Func<TService, ServerCallContext, Task<TResponse>> call)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(call);
        var services = http.RequestServices;
        services.GetRequiredService<ServiceMode.ReadOnlyGuard>().Check(method);
        var service = ActivatorUtilities.GetServiceOrCreateInstance<TService>(services);
        var context = new InProcessCallContext(http, method);
        try
        {
            return await call(service, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw services.GetRequiredService<ErrorTranslator>().Translate(e, method, http.RequestAborted);
        }
        finally
        {
            (service as IDisposable)?.Dispose();
        }
    }
}
