using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Nmpi.JobManager.Endpoints;

/// <summary>
/// Keeps a pending provider sign-in in an encrypted, time-limited HttpOnly cookie seen only by the callback. SameSite=Lax,
/// as the provider's redirect back is a cross-site navigation; state and nonce make that safe.
/// </summary>
internal static class OidcPendingCookie
{
    public const string Name = "nmpi_oidc";
    private const string Purpose = "Nmpi.JobManager.OidcSignIn.v1";

    public static void Store(HttpContext http, OidcPending pending, TimeSpan lifetime)
    {
        var sealedValue = Protector(http).Protect(JsonSerializer.Serialize(pending), lifetime);
        http.Response.Cookies.Append(Name, sealedValue, Options(http, DateTimeOffset.UtcNow + lifetime));
    }

    /// <summary>The pending sign-in, or null when there is none, it expired or it was tampered with; the cookie is deleted.</summary>
    public static OidcPending? Take(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        http.Response.Cookies.Delete(Name, Options(http, null));
        try
        {
            return JsonSerializer.Deserialize<OidcPending>(Protector(http).Unprotect(value, out _));
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    private static ITimeLimitedDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).ToTimeLimitedDataProtector();

    private static CookieOptions Options(HttpContext http, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = http.Request.IsHttps,
        Path = OidcSignInEndpoints.StartPath,
        IsEssential = true,
        Expires = expires,
    };
}
