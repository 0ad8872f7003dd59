using Microsoft.AspNetCore.Http;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.InProcess;

namespace Nmpi.Gateway.Rest.Identity;

/// <summary>The user behind a REST request, authenticated exactly as a gRPC call with the same headers would be.</summary>
public static class RestCaller
{
    /// <summary>The caller's principal, or an RpcException (UNAUTHENTICATED, PERMISSION_DENIED) the REST filter turns into {"detail"}.</summary>
    public static Task<UserPrincipal> AuthenticateAsync(HttpContext http, string method) =>
        InProcessCalls.InvokeAsync<CallerAuthenticator, UserPrincipal>(http, method, (auth, context) => auth.AuthenticateUserAsync(context.RequestHeaders, context.CancellationToken));

    /// <summary>The collabs in which the caller may edit (editor or administrator role), sorted.</summary>
    public static IReadOnlyList<string> EditableCollabs(UserPrincipal caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return [.. caller.Roles.Where(r => r.Value >= CollabRole.Editor).Select(r => r.Key).Order(StringComparer.Ordinal)];
    }
}
