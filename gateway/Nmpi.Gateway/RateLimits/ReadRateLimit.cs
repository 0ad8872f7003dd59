using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Gateway.Errors;

namespace Nmpi.Gateway.RateLimits;

/// <summary>
/// Counts every read request against its caller's bucket before routing, so a refused read costs no lookup at all:
/// gRPC answers RESOURCE_EXHAUSTED with a RetryInfo, HTTP 429 with Retry-After. A REST or web request counts once,
/// however many in-process calls it makes.
/// </summary>
public sealed class ReadRateLimit : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var limiter = app.ApplicationServices.GetRequiredService<ReadRateLimiter>();
        app.Use(async (http, following) =>
        {
            if (!ReadCaller.IsRead(http.Request) || limiter.TryAdmit(ReadCaller.Of(http), out var retryAfter))
            {
                await following(http);
                return;
            }

            var refusal = GatewayErrors.ReadRateLimited(retryAfter, limiter.PerSecond);
            if (http.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
            {
                WriteGrpc(http.Response, refusal);
                return;
            }

            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await http.Response.WriteAsJsonAsync(new { detail = refusal.Status.Detail }, http.RequestAborted);
        });
        next(app);
    };

    /// <summary>A trailers-only gRPC answer: the status, its message and its google.rpc details in the headers.</summary>
    private static void WriteGrpc(HttpResponse response, RpcException refusal)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)refusal.StatusCode).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(refusal.Status.Detail);
        foreach (var entry in refusal.Trailers)
        {
            response.Headers[entry.Key] = entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes) : entry.Value;
        }
    }
}
