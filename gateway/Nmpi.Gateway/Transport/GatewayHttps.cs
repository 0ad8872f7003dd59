using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace Nmpi.Gateway.Transport;

/// <summary>The gateway's own HTTPS endpoint: one port where ALPN picks h2 for gRPC and HTTP/1.1 for the web and REST.</summary>
public sealed class GatewayHttps
{
    private GatewayHttps(IPEndPoint endpoint, X509Certificate2 certificate)
    {
        Endpoint = endpoint;
        Certificate = certificate;
    }

    /// <summary>Where the endpoint listens.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>The server certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Reads Nmpi:Gateway:Transport; null when no HTTPS is configured. Refuses, naming the setting, a URL or certificate that cannot work.</summary>
    public static GatewayHttps? Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(GatewayTransportOptions.Section).Get<GatewayTransportOptions>() ?? new GatewayTransportOptions();
        if (!options.ServesHttps)
        {
            return null;
        }

        var setting = GatewayTransportOptions.Section + ":HttpsUrl";
        if (!Uri.TryCreate(options.HttpsUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"{setting} must be an https URL, e.g. https://0.0.0.0:5443, not '{options.HttpsUrl}'.");
        }

        var address = url.Host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(url.Host.Trim('[', ']'), out var parsed) ? parsed
            : throw new InvalidOperationException($"{setting} must use an IP address or localhost, not '{url.Host}'.");
        if (string.IsNullOrWhiteSpace(options.Certificate))
        {
            throw new InvalidOperationException($"{GatewayTransportOptions.Section}:Certificate is required with {setting}: the file of the server certificate (.pfx, or PEM with :Key).");
        }

        var certificate = CertificateFiles.LoadWithKey(GatewayTransportOptions.Section + ":Certificate", options.Certificate, options.Key, options.Password);
        return new GatewayHttps(new IPEndPoint(address, url.Port), certificate);
    }

    /// <summary>Adds the endpoint to Kestrel.</summary>
    public void Listen(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.Listen(Endpoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(Certificate);
        });
    }
}
