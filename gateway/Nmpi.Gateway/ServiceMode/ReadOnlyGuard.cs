using Microsoft.Extensions.Options;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.RateLimits;

namespace Nmpi.Gateway.ServiceMode;

/// <summary>
/// Refuses calls that change state while the operator has switched the service to read-only. One check for every surface:
/// the gRPC pipeline (<see cref="ReadOnlyInterceptor"/>) and the in-process calls of the REST API and the web pages.
/// </summary>
public sealed class ReadOnlyGuard(IOptionsMonitor<ReadOnlyOptions> options)
{
    // Sites keep reporting so running jobs finish; signing in and out touches only the record of sessions.
    private const string AdaptersService = "/nmpi.v1.Adapters/";
    private static readonly string[] AllowedMethods = ["/nmpi.v1.Accounts/Login", "/nmpi.v1.Accounts/RenewToken", "/nmpi.v1.Accounts/Logout"];

    /// <summary>The operator's current setting.</summary>
    public ReadOnlyOptions Current => options.CurrentValue;

    /// <summary>True when <paramref name="method"/> (a gRPC method path) would be refused in read-only mode.</summary>
    public static bool IsRefusedWhileReadOnly(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method.StartsWith(AdaptersService, StringComparison.Ordinal) || AllowedMethods.Contains(method, StringComparer.Ordinal))
        {
            return false;
        }

        // Uploads store files a submit would name; in read-only mode nothing is stored.
        return WriteRateLimiter.IsWrite(method) || method.EndsWith("/UploadBlob", StringComparison.Ordinal);
    }

    /// <summary>Throws UNAVAILABLE with reason READ_ONLY and the operator's message when the call would change something now.</summary>
    public void Check(string method)
    {
        var current = options.CurrentValue;
        if (current.Enabled && IsRefusedWhileReadOnly(method))
        {
            throw GatewayErrors.ReadOnly(current.EffectiveMessage);
        }
    }
}
