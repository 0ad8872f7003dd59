using Microsoft.AspNetCore.Http;
using Nmpi.Api.V1;

namespace Nmpi.JobManager.Endpoints;

/// <summary>
/// The signed-in user's session: the bearer token from Accounts.Login in an HttpOnly, SameSite=Strict cookie scoped to
/// the pages, so scripts never read it and other sites never send it.
/// </summary>
internal static class SessionCookie
{
    public const string TokenName = "nmpi_session";

    // Only for showing who is signed in; every call is authorized by the token alone.
    public const string UserName = "nmpi_user";

    public static string? Token(HttpContext http) =>
        http.Request.Cookies.TryGetValue(TokenName, out var token) && !string.IsNullOrEmpty(token) ? token : null;

    public static string? UserId(HttpContext http) =>
        Token(http) is not null && http.Request.Cookies.TryGetValue(UserName, out var user) && !string.IsNullOrEmpty(user) ? user : null;

    public static void Store(HttpContext http, TokenResponse token)
    {
        var options = Options(http);
        options.Expires = token.ExpiresAt?.ToDateTimeOffset();
        http.Response.Cookies.Append(TokenName, token.Token, options);
        http.Response.Cookies.Append(UserName, token.UserId, options);
    }

    public static void Clear(HttpContext http)
    {
        http.Response.Cookies.Delete(TokenName, Options(http));
        http.Response.Cookies.Delete(UserName, Options(http));
    }

    /// <summary>Makes the session the only credential of the in-process calls: headers a browser sent are dropped.</summary>
    public static void AuthorizeCalls(HttpContext http)
    {
        var headers = http.Request.Headers;
        headers.Remove("x-api-key");
        headers.Remove("authorization");
        if (Token(http) is { } token)
        {
            headers.Authorization = "Bearer " + token;
        }
    }

    private static CookieOptions Options(HttpContext http) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = JobManagerEndpointRouteBuilderExtensions.PathPrefix,
        IsEssential = true,
    };
}
