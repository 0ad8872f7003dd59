using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Gateway.Auth;

namespace Nmpi.Gateway.Rest.Identity;

/// <summary>
/// The OpenID Connect style userinfo document of the caller's token, as EBRAINS IAM answers it, so clients that derive
/// a user's name and collab roles from <c>roles.team</c> ("collab-&lt;id&gt;-&lt;role&gt;") work against the gateway.
/// </summary>
public static class UserInfoEndpoints
{
    /// <summary>The team entry EBRAINS clients read as "platform administrator".</summary>
    public const string AdminTeam = "collab-neuromorphic-platform-admin-administrator";

    /// <summary>Maps <c>/userinfo</c> and the EBRAINS IAM path of the same document.</summary>
    public static RouteGroupBuilder MapUserInfo(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/userinfo", (Delegate)Get);
        api.MapGet("/auth/realms/hbp/protocol/openid-connect/userinfo", (Delegate)Get);
        return api;
    }

    private static async Task<IResult> Get(HttpContext http)
    {
        var caller = await RestCaller.AuthenticateAsync(http, "/nmpi.rest/UserInfo");
        return Results.Json(Describe(caller));
    }

    /// <summary>The userinfo document of a principal: its name and one team entry per collab role.</summary>
    public static UserInfoDocument Describe(UserPrincipal caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var teams = caller.Roles
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => $"collab-{r.Key}-{RoleName(r.Value)}")
            .ToList();
        if (caller.Admin)
        {
            teams.Add(AdminTeam);
        }

        return new UserInfoDocument(caller.UserId, caller.UserId, new UserInfoRoles([.. teams.Distinct(StringComparer.Ordinal)], []));
    }

    /// <summary>The EBRAINS name of a collab role.</summary>
    public static string RoleName(CollabRole role) => role switch
    {
        CollabRole.Administrator => "administrator",
        CollabRole.Editor => "editor",
        _ => "viewer",
    };
}

/// <summary>The userinfo answer: subject, user name and roles.</summary>
public sealed record UserInfoDocument(
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("preferred_username")] string PreferredUsername,
    [property: JsonPropertyName("roles")] UserInfoRoles Roles);

/// <summary>The roles of a userinfo answer: <c>team</c> holds "collab-&lt;id&gt;-&lt;role&gt;" entries; groups are not modelled.</summary>
public sealed record UserInfoRoles(
    [property: JsonPropertyName("team")] IReadOnlyList<string> Team,
    [property: JsonPropertyName("group")] IReadOnlyList<string> Group);
