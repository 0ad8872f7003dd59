using System.Net;
using Nmpi.Gateway.Transport;
using Orleans.Connections.Security;

namespace Nmpi.Silo.Hosting;

/// <summary>Puts the silo's Orleans ports (silo-to-silo and client gateway) behind mutual TLS when configured.</summary>
public static class SiloTransport
{
    /// <summary>Applies Nmpi:Cluster:Tls; refuses to start in plaintext on a non-loopback address unless opted out.</summary>
    public static void UseClusterTls(ISiloBuilder silo, IConfiguration configuration, IPAddress advertised)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(ClusterTlsOptions.Section).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();
        if (ClusterCertificates.Load(options, advertised) is not { } members)
        {
            return;
        }

        silo.UseTls(members.Certificate, tls =>
        {
            // Inbound (other silos and gateways) and outbound (other silos) both show and demand a cluster certificate.
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateValidation = (peer, _, _) => members.IsMember(peer);
        });
    }
}
