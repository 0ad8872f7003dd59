using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Api.V1;

namespace Nmpi.JobManager.Endpoints;

/// <summary>What a request's pages need to know about the signed-in user and the service, read once per request (WhoAmI, the banner).</summary>
internal sealed record ViewerFacts(string? UserId, bool Admin, IReadOnlyDictionary<string, CollabRole> Roles, ServiceNotice Notice)
{
    private static readonly object Key = new();

    private static readonly ViewerFacts Nobody = new(null, false, new Dictionary<string, CollabRole>(StringComparer.Ordinal), ServiceNotice.None);

    /// <summary>The facts <see cref="LoadAsync"/> stored for this request; nobody and no banner when none were.</summary>
    public static ViewerFacts Of(HttpContext http) => http.Items.TryGetValue(Key, out var facts) && facts is ViewerFacts known ? known : Nobody;

    /// <summary>Asks the services once; a session the service no longer accepts counts as nobody (the page itself then leads to sign-in).</summary>
    public static async Task LoadAsync(HttpContext http)
    {
        var platform = http.RequestServices.GetRequiredService<IPlatformServices>();
        var notice = await platform.NoticeAsync(CancellationToken.None);
        var facts = Nobody with { Notice = notice };
        if (SessionCookie.Token(http) is not null)
        {
            try
            {
                var me = await platform.AccountsAsync(http, Rpc.Accounts("WhoAmI"), (s, c) => s.WhoAmI(new WhoAmIRequest(), c));
                facts = facts with
                {
                    UserId = me.User?.UserId,
                    Admin = me.User?.Admin == true,
                    Roles = me.Collabs.ToDictionary(c => c.CollabId, c => c.Role, StringComparer.Ordinal),
                };
            }
            catch (RpcException)
            {
                // Shown as nobody in particular: no admin link, no write controls.
            }
        }

        http.Items[Key] = facts;
    }
}
