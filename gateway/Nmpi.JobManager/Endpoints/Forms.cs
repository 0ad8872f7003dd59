using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Nmpi.JobManager.Endpoints;

/// <summary>Reads a POSTed form only after its anti-forgery token checked out.</summary>
internal static class Forms
{
    public static async Task<IFormCollection> ReadCheckedAsync(HttpContext http)
    {
        await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
        return await http.Request.ReadFormAsync(http.RequestAborted);
    }

    /// <summary>The value of a field, trimmed; empty when absent.</summary>
    public static string Field(this IFormCollection form, string name) => form[name].ToString().Trim();

    /// <summary>A page address to return to after sign-in: only the pages' own, never another site.</summary>
    public static string LocalReturn(string? target)
    {
        var prefix = JobManagerEndpointRouteBuilderExtensions.PathPrefix + "/";
        return target is not null && target.StartsWith(prefix, StringComparison.Ordinal) && !target.Contains('\\', StringComparison.Ordinal)
            && !target.StartsWith(prefix + "/", StringComparison.Ordinal)
            ? target
            : prefix;
    }
}
