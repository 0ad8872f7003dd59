using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Nmpi.JobManager.Endpoints;

/// <summary>Who looks at a page (null before sign-in) and the anti-forgery token its forms carry.</summary>
public sealed record Viewer(string? UserId, string FormFieldName, string FormToken)
{
    /// <summary>The viewer of the current request; issues the anti-forgery cookie if the browser has none yet.</summary>
    public static Viewer Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return new Viewer(SessionCookie.UserId(http), tokens.FormFieldName, tokens.RequestToken ?? "");
    }
}
