using Grpc.Core;
using Nmpi.Gateway.Auth;
using Nmpi.JobManager;
using Orleans.Dashboard;

namespace Nmpi.Silo.Hosting;

/// <summary>
/// Maps the Orleans dashboard, which has no authentication of its own: under /dashboard only for connections that
/// arrived on the dashboard's own (loopback) port, and under /app/dashboard on the gateway's ports only for a
/// platform administrator signed in to the Job Manager.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>Where the dashboard answers on its own port.</summary>
    public const string LocalPath = "/dashboard";

    /// <summary>Where administrators reach the dashboard through the gateway (under the Job Manager, so its session cookie is sent).</summary>
    public const string AdminPath = JobManagerEndpointRouteBuilderExtensions.PathPrefix + "/dashboard";

    // The Job Manager's session cookie (Nmpi.JobManager SessionCookie.TokenName): it holds the user's bearer token.
    private const string SessionCookieName = "nmpi_session";

    /// <summary>Maps the dashboard on its own port and, when the silo hosts the gateway, behind administrator sign-in.</summary>
    public static WebApplication MapNmpiDashboard(this WebApplication app, SiloHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        var port = new Uri(options.DashboardUrl).Port;
        // Checked on the socket, not the Host header: RequireHost trusts what the client says.
        app.Use(async (http, next) =>
        {
            var gate = http.GetEndpoint()?.Metadata.GetMetadata<DashboardGate>();
            if (gate is null || await gate.AdmitsAsync(http, port))
            {
                await next(http);
            }
        });
        app.MapOrleansDashboard(LocalPath).WithMetadata(DashboardGate.OwnPort);
        if (options.HostGateway)
        {
            app.MapOrleansDashboard(AdminPath).WithMetadata(DashboardGate.Administrators);
        }

        return app;
    }

    /// <summary>Who may open one mapping of the dashboard.</summary>
    private sealed record DashboardGate(bool ForAdministrators)
    {
        public static readonly DashboardGate OwnPort = new(false);
        public static readonly DashboardGate Administrators = new(true);

        public async Task<bool> AdmitsAsync(HttpContext http, int dashboardPort)
        {
            if (!ForAdministrators)
            {
                // Not found rather than forbidden: the public ports do not reveal that a dashboard exists.
                return Refuse(http, http.Connection.LocalPort == dashboardPort ? 0 : StatusCodes.Status404NotFound);
            }

            var token = http.Request.Cookies.TryGetValue(SessionCookieName, out var value) && !string.IsNullOrEmpty(value) ? value : null;
            if (token is null)
            {
                http.Response.Redirect($"{JobManagerEndpointRouteBuilderExtensions.PathPrefix}/signin?return={Uri.EscapeDataString(AdminPath + "/")}");
                return false;
            }

            try
            {
                var user = await http.RequestServices.GetRequiredService<CallerAuthenticator>()
                    .AuthenticateUserAsync(new Metadata { { "authorization", "Bearer " + token } }, http.RequestAborted);
                return Refuse(http, user.Admin ? 0 : StatusCodes.Status403Forbidden);
            }
            catch (RpcException)
            {
                // An expired or revoked session: the same as no session.
                return Refuse(http, StatusCodes.Status401Unauthorized);
            }
        }

        private static bool Refuse(HttpContext http, int status)
        {
            if (status == 0)
            {
                return true;
            }

            http.Response.StatusCode = status;
            return false;
        }
    }
}
