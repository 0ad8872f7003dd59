using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Api.V1;
using Nmpi.JobManager.Pages;

namespace Nmpi.JobManager.Endpoints;

/// <summary>
/// Sign-in at the OpenID Connect provider: leave for the provider with a fresh state, nonce and PKCE challenge (kept in
/// a short-lived cookie of this browser), come back with a code, and keep the provider's access token as the session.
/// </summary>
internal static class OidcSignInEndpoints
{
    public const string StartPath = JobManagerEndpointRouteBuilderExtensions.PathPrefix + "/signin/oidc";

    public static void Map(RouteGroupBuilder app)
    {
        app.MapGet("/signin/oidc", StartAsync);
        app.MapGet("/signin/oidc/callback", CallbackAsync);
    }

    private static async Task<IResult> StartAsync(HttpContext http, string? @return)
    {
        if (http.RequestServices.GetService<IExternalSignIn>() is not { } provider)
        {
            return PageResults.Problem(http, StatusCodes.Status404NotFound, "Not found", "Sign-in with an identity provider is not set up here.");
        }

        var pending = new OidcPending(Random(), Random(), Random(), Forms.LocalReturn(@return));
        Uri target;
        try
        {
            target = await provider.AuthorizationUrlAsync(pending.State, pending.Nonce, Challenge(pending.Verifier), http.RequestAborted);
        }
        catch (ExternalSignInException e)
        {
            return SignInPage(http, e);
        }

        OidcPendingCookie.Store(http, pending, provider.Timeout);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Redirect(target.AbsoluteUri);
    }

    private static async Task<IResult> CallbackAsync(HttpContext http, string? code, string? state, string? error)
    {
        // One use only: whatever happens next, this browser's pending sign-in is spent.
        var pending = OidcPendingCookie.Take(http);
        if (http.RequestServices.GetService<IExternalSignIn>() is not { } provider)
        {
            return PageResults.Problem(http, StatusCodes.Status404NotFound, "Not found", "Sign-in with an identity provider is not set up here.");
        }

        if (pending is null || string.IsNullOrEmpty(state) || !SameText(pending.State, state))
        {
            return PageResults.Problem(http, StatusCodes.Status400BadRequest, "Sign-in not recognised",
                "This answer of the identity provider does not belong to a sign-in started in this browser, or that sign-in expired (state mismatch). Nothing was signed in; sign in again.");
        }

        if (!string.IsNullOrEmpty(error) || string.IsNullOrEmpty(code))
        {
            var reason = error is { Length: <= 64 } && error.All(c => char.IsAsciiLetterLower(c) || c == '_') ? error : "no code";
            return SignInPage(http, new ExternalSignInException($"{provider.ProviderName} did not sign you in ({reason}).", providerUnavailable: false), pending.Return);
        }

        ExternalSession session;
        try
        {
            session = await provider.RedeemAsync(code, pending.Verifier, pending.Nonce, http.RequestAborted);
        }
        catch (ExternalSignInException e)
        {
            return SignInPage(http, e, pending.Return);
        }

        SessionCookie.Store(http, new TokenResponse { Token = session.AccessToken, UserId = session.UserId, ExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(session.ExpiresAt) });

        // A page, not a redirect: the session cookie is SameSite=Strict, and a redirect chain that began at the provider
        // is cross-site, so the browser would not send it on the next request yet.
        http.Response.Headers.CacheControl = "no-store";
        return PageResults.Page<ContinuePage>(new { Target = pending.Return });
    }

    private static IResult SignInPage(HttpContext http, ExternalSignInException e, string back = JobManagerEndpointRouteBuilderExtensions.PathPrefix + "/") =>
        SignInEndpoints.Show(http, "", e.Message, back, e.ProviderUnavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status401Unauthorized);

    private static string Random() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Challenge(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool SameText(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
