using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Nmpi.Gateway.InProcess;

/// <summary>
/// The call context of a gRPC service method invoked in-process for an HTTP request (the REST API, the web pages), so
/// those surfaces run exactly the authentication, validation, tenancy and quota rules of the gRPC services.
/// </summary>
/// <remarks>Request headers are copied from the HTTP request (authorization, x-api-key, ...); the call ends when the request does.</remarks>
public sealed class InProcessCallContext : ServerCallContext
{
    private readonly HttpContext _http;
    private readonly string _method;
    private readonly Metadata _requestHeaders;
    private readonly Metadata _responseTrailers = [];

    public InProcessCallContext(HttpContext http, string method, Metadata? extraHeaders = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _method = method;
        _requestHeaders = [];
        foreach (var (name, values) in http.Request.Headers)
        {
            var key = name.ToLowerInvariant();
            // Binary and pseudo headers have no meaning here; the gRPC services read plain ASCII headers only.
            if (key.EndsWith(Metadata.BinaryHeaderSuffix, StringComparison.Ordinal) || key.StartsWith(':'))
            {
                continue;
            }

            foreach (var value in values)
            {
                if (value is not null)
                {
                    _requestHeaders.Add(key, value);
                }
            }
        }

        foreach (var entry in extraHeaders ?? [])
        {
            _requestHeaders.Add(entry);
        }
    }

    protected override string MethodCore => _method;

    protected override string HostCore => _http.Request.Host.Value ?? "";

    protected override string PeerCore => _http.Connection.RemoteIpAddress is { } ip ? $"ipv4:{ip}:{_http.Connection.RemotePort}" : "unknown";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore => _requestHeaders;

    protected override CancellationToken CancellationTokenCore => _http.RequestAborted;

    protected override Metadata ResponseTrailersCore => _responseTrailers;

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => new(null, []);

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException("In-process calls do not propagate to outgoing gRPC calls.");

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
