using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Nmpi.Gateway.RateLimits;

/// <summary>Which requests are reads, and whose bucket a read counts in, decided from the request alone (before any authentication).</summary>
public static class ReadCaller
{
    private const string GrpcContentType = "application/grpc";

    // The Job Manager's session cookie (Nmpi.JobManager's SessionCookie.TokenName).
    private const string WebSessionCookie = "nmpi_session";

    /// <summary>True for a gRPC call of a read method (not UploadBlob, which is counted by bytes) and for any other GET or HEAD.</summary>
    public static bool IsRead(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentType is { } type && type.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase))
        {
            var path = request.Path.Value ?? "";
            return !WriteRateLimiter.IsWrite(path) && !path.EndsWith("/UploadBlob", StringComparison.Ordinal);
        }

        return HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
    }

    /// <summary>
    /// The bucket's key: the bearer token, provider key or web session the request carries (hashed), else the client's address.
    /// A caller is the credential it presents; an anonymous caller is its address.
    /// </summary>
    public static string Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var headers = http.Request.Headers;
        if (headers.Authorization.ToString() is { Length: > 0 } authorization)
        {
            return "token:" + Hash(authorization);
        }

        if (headers["x-api-key"].ToString() is { Length: > 0 } key)
        {
            return "key:" + Hash(key);
        }

        if (http.Request.Cookies.TryGetValue(WebSessionCookie, out var session) && !string.IsNullOrEmpty(session))
        {
            return "session:" + Hash(session);
        }

        return "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    // A short hash keys the bucket without keeping credentials in memory.
    private static string Hash(string credential) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(credential)).AsSpan(0, 16));
}
