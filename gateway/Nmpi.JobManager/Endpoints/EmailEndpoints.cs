using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Api.V1;
using Nmpi.JobManager.Pages;

namespace Nmpi.JobManager.Endpoints;

/// <summary>The e-mail address page: its verified state, confirming it with the mailed code (Accounts.VerifyEmail), and a new code.</summary>
internal static class EmailEndpoints
{
    /// <summary>The page the verification message links to (with ?code=).</summary>
    public const string Path = "/verify-email";

    public static void Map(RouteGroupBuilder app)
    {
        // The link only shows the form: a mail scanner that follows links must not use the code up.
        app.MapGet(Path, (HttpContext http, IPlatformServices platform, string? code) => ShowAsync(http, platform, code ?? "", null, null, StatusCodes.Status200OK));
        app.MapPost(Path, VerifyAsync);
        app.MapPost(Path + "/resend", ResendAsync);
    }

    private static async Task<IResult> VerifyAsync(HttpContext http, IPlatformServices platform)
    {
        var form = await Forms.ReadCheckedAsync(http);
        if (SessionCookie.Token(http) is null)
        {
            return PageResults.SignIn(http);
        }

        var code = form.Field("code");
        try
        {
            var request = new VerifyEmailRequest { Code = code };
            await platform.AccountsAsync(http, Rpc.Accounts("VerifyEmail"), (s, c) => s.VerifyEmail(request, c));
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition)
        {
            return await ShowAsync(http, platform, code, e.Status.Detail, null, StatusCodes.Status400BadRequest);
        }

        return await ShowAsync(http, platform, "", null, "Your address is verified: job e-mails go to it from now on.", StatusCodes.Status200OK);
    }

    private static async Task<IResult> ResendAsync(HttpContext http, IPlatformServices platform)
    {
        await Forms.ReadCheckedAsync(http);
        if (SessionCookie.Token(http) is null)
        {
            return PageResults.SignIn(http);
        }

        try
        {
            var sent = await platform.AccountsAsync(http, Rpc.Accounts("ResendEmailVerification"), (s, c) => s.ResendEmailVerification(new ResendEmailVerificationRequest(), c));
            return await ShowAsync(http, platform, "", null, $"A new code was sent to {sent.Email}; the earlier one no longer works.", StatusCodes.Status200OK);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            var wait = e.GetRpcStatus()?.GetDetail<Google.Rpc.RetryInfo>()?.RetryDelay?.ToTimeSpan() ?? TimeSpan.FromSeconds(1);
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return await ShowAsync(http, platform, "", e.Status.Detail, null, StatusCodes.Status429TooManyRequests);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            return await ShowAsync(http, platform, "", e.Status.Detail, null, StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> ShowAsync(HttpContext http, IPlatformServices platform, string code, string? error, string? done, int status)
    {
        if (SessionCookie.Token(http) is null)
        {
            return PageResults.SignIn(http);
        }

        var me = await platform.AccountsAsync(http, Rpc.Accounts("WhoAmI"), (s, c) => s.WhoAmI(new WhoAmIRequest(), c));
        return PageResults.Page<EmailPage>(new { Viewer = Viewer.Of(http), Account = me.User, Code = code, Error = error, Done = done }, status);
    }
}
