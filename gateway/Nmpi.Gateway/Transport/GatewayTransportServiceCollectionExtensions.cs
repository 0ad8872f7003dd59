using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Nmpi.Gateway.Transport;

/// <summary>Registers what <see cref="GatewayTransportApplicationBuilderExtensions.UseNmpiGatewayTransport"/> applies: trusted proxies, HSTS and cookie security.</summary>
public static class GatewayTransportServiceCollectionExtensions
{
    /// <summary>Reads Nmpi:Gateway:Transport; refuses, naming the setting, a proxy address or network that does not parse.</summary>
    public static IServiceCollection AddNmpiGatewayTransport(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(GatewayTransportOptions.Section).Get<GatewayTransportOptions>() ?? new GatewayTransportOptions();
        var proxies = options.KnownProxies.Select(p => IPAddress.TryParse(p, out var address)
            ? address
            : throw new InvalidOperationException($"{GatewayTransportOptions.Section}:KnownProxies: '{p}' is not an IP address.")).ToList();
        var networks = options.KnownNetworks.Select(n => System.Net.IPNetwork.TryParse(n, out var network)
            ? network
            : throw new InvalidOperationException($"{GatewayTransportOptions.Section}:KnownNetworks: '{n}' is not a network in CIDR form (e.g. 10.0.0.0/8).")).ToList();
        if (options.HstsMaxAge < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{GatewayTransportOptions.Section}:HstsMaxAge must not be negative (zero sends no HSTS header).");
        }

        services.AddSingleton(options);
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; here only the proxies the operator names are believed.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // The obsolete list still holds 127.0.0.0/8 by default and the middleware still reads it.
            forwarded.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            foreach (var proxy in proxies)
            {
                forwarded.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });
        services.Configure<HstsOptions>(hsts =>
        {
            hsts.MaxAge = options.HstsMaxAge;
            // The header only ever goes out on HTTPS the operator configured; local mode serves plain HTTP and never sends it.
            hsts.ExcludedHosts.Clear();
        });
        services.Configure<CookiePolicyOptions>(cookies =>
            cookies.Secure = options.AlwaysSecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);
        return services;
    }
}
