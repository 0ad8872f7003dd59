using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Nmpi.Gateway.Transport;

/// <summary>The gateway's transport middleware, placed before its endpoints.</summary>
public static class GatewayTransportApplicationBuilderExtensions
{
    /// <summary>
    /// Believes X-Forwarded-For/-Proto only from the configured proxies (so the sign-in throttle and the cookies see the
    /// real client), sends HSTS on HTTPS responses, and marks cookies Secure on HTTPS (or always, when configured).
    /// </summary>
    public static IApplicationBuilder UseNmpiGatewayTransport(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<GatewayTransportOptions>();
        // With no proxy listed the middleware would believe every peer, so it runs only when some are.
        if (options.KnownProxies.Count > 0 || options.KnownNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }
        if (options.HstsMaxAge > TimeSpan.Zero)
        {
            app.UseHsts();
        }

        app.UseCookiePolicy();
        return app;
    }
}
