using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Api.V1;
using Nmpi.JobManager.Pages;

namespace Nmpi.JobManager.Endpoints;

/// <summary>Sign-in with a built-in account (Accounts.Login) or, when configured, at the identity provider (see <see cref="OidcSignInEndpoints"/>); sign-out.</summary>
internal static class SignInEndpoints
{
    public static void Map(RouteGroupBuilder app)
    {
        app.MapGet("/signin", (HttpContext http, string? @return) => Show(http, "", null, @return, StatusCodes.Status200OK));
        app.MapPost("/signin", SignInAsync);
        app.MapPost("/signout", (Delegate)SignOutAsync);
    }

    private static async Task<IResult> SignInAsync(HttpContext http, IPlatformServices platform)
    {
        var form = await Forms.ReadCheckedAsync(http);
        var username = form.Field("username");
        var back = form.Field("return");
        TokenResponse token;
        try
        {
            var request = new LoginRequest { Username = username, Password = form["password"].ToString() };
            token = await platform.AccountsAsync(http, Rpc.Accounts("Login"), (s, c) => s.Login(request, c));
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unauthenticated or StatusCode.InvalidArgument)
        {
            return Show(http, username, e.Status.Detail, back, StatusCodes.Status401Unauthorized);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            // Throttled or busy: HTTP's own way to say when to come back.
            var wait = e.GetRpcStatus()?.GetDetail<Google.Rpc.RetryInfo>()?.RetryDelay?.ToTimeSpan() ?? TimeSpan.FromSeconds(1);
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Show(http, username, e.Status.Detail, back, StatusCodes.Status429TooManyRequests);
        }

        SessionCookie.Store(http, token);
        return Results.Redirect(Forms.LocalReturn(back));
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IPlatformServices platform)
    {
        await Forms.ReadCheckedAsync(http);
        if (SessionCookie.Token(http) is not null)
        {
            // The session ends on the server too, so a copy of the cookie's token stops working; signing out here
            // goes on whatever the server answers (an expired, revoked or provider token, a cluster that is down).
            SessionCookie.AuthorizeCalls(http);
            try
            {
                await platform.AccountsAsync(http, Rpc.Accounts("Logout"), (s, c) => s.Logout(new LogoutRequest(), c));
            }
            catch (RpcException)
            {
            }
        }

        SessionCookie.Clear(http);
        return Results.Redirect(JobManagerEndpointRouteBuilderExtensions.PathPrefix + "/signin");
    }

    public static IResult Show(HttpContext http, string username, string? error, string? back, int status)
    {
        var viewer = Viewer.Of(http) with { UserId = null };
        var provider = http.RequestServices.GetService<IExternalSignIn>()?.ProviderName;
        return PageResults.Page<SignInPage>(new { Viewer = viewer, Username = username, Error = error, Return = Forms.LocalReturn(back), Provider = provider }, status);
    }
}
