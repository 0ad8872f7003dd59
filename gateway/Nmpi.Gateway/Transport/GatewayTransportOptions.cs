namespace Nmpi.Gateway.Transport;

/// <summary>How the gateway meets browsers and clients: its own HTTPS port, HSTS, trusted proxies and cookie security (section Nmpi:Gateway:Transport).</summary>
public sealed class GatewayTransportOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Nmpi:Gateway:Transport";

    /// <summary>The HTTPS endpoint (e.g. https://0.0.0.0:5443) serving gRPC (h2) and the web and REST (HTTP/1.1) on one port; empty serves no HTTPS.</summary>
    public string? HttpsUrl { get; set; }

    /// <summary>The server certificate: a .pfx/.p12 file, or a PEM file (with <see cref="Key"/> or the key inside).</summary>
    public string? Certificate { get; set; }

    /// <summary>The PEM private key of <see cref="Certificate"/> when it is in a separate file.</summary>
    public string? Key { get; set; }

    /// <summary>The password of the .pfx file or of an encrypted PEM key.</summary>
    public string? Password { get; set; }

    /// <summary>The max-age of the Strict-Transport-Security header sent on HTTPS responses; zero sends none.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Addresses of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed; none by default.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks (CIDR, e.g. 10.0.0.0/8) of reverse proxies whose forwarded headers are believed; none by default.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>Marks every cookie Secure even on plain HTTP requests (for a TLS proxy that does not send X-Forwarded-Proto).</summary>
    public bool AlwaysSecureCookies { get; set; }

    /// <summary>Whether the gateway serves HTTPS itself.</summary>
    public bool ServesHttps => !string.IsNullOrWhiteSpace(HttpsUrl);
}
