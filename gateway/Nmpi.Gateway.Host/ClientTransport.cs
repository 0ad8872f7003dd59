using Nmpi.Gateway.Transport;
using Orleans.Connections.Security;

namespace Nmpi.Gateway.Host;

/// <summary>Connects the gateway to the silos over mutual TLS when Nmpi:Cluster:Tls is configured.</summary>
public static class ClientTransport
{
    /// <summary>Applies Nmpi:Cluster:Tls to the Orleans client (nothing when it is not configured).</summary>
    public static void UseClusterTls(IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(ClusterTlsOptions.Section).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();
        if (ClusterCertificates.Load(options, advertised: null) is not { } members)
        {
            return;
        }

        client.UseTls(members.Certificate, tls =>
        {
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateValidation = (peer, _, _) => members.IsMember(peer);
        });
    }
}
