using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Nmpi.Gateway.Transport;

/// <summary>The certificate a cluster member presents and the authorities its peers' certificates must chain to.</summary>
public sealed class ClusterCertificates
{
    private readonly X509Certificate2Collection _authorities;

    private ClusterCertificates(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        Certificate = certificate;
        _authorities = authorities;
    }

    /// <summary>This member's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// Loads the configured certificates, or returns null when TLS is off; refuses (with the option to change) a
    /// configuration that cannot work, or plaintext when <paramref name="advertised"/> is reachable from other hosts.
    /// </summary>
    public static ClusterCertificates? Load(ClusterTlsOptions options, IPAddress? advertised)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            if (advertised is not null && !IPAddress.IsLoopback(advertised) && !options.AllowPlaintext)
            {
                throw new InvalidOperationException(
                    $"The silo advertises {advertised}, which other hosts can reach, but {ClusterTlsOptions.Section} is not configured: anyone who reaches the " +
                    $"Orleans ports could join the cluster and read its signing keys. Set {ClusterTlsOptions.Section}:Certificate and :CaCertificate " +
                    $"(mutual TLS), or set {ClusterTlsOptions.Section}:AllowPlaintext=true if a private network alone guards those ports.");
            }

            return null;
        }

        if (string.IsNullOrWhiteSpace(options.CaCertificate))
        {
            throw new InvalidOperationException($"{ClusterTlsOptions.Section}:CaCertificate is required with :Certificate: it says whose certificates may join.");
        }

        var certificate = CertificateFiles.LoadWithKey($"{ClusterTlsOptions.Section}:Certificate", options.Certificate!, options.Key, options.Password);
        var members = new ClusterCertificates(certificate, CertificateFiles.LoadBundle($"{ClusterTlsOptions.Section}:CaCertificate", options.CaCertificate));
        if (!members.IsMember(certificate))
        {
            throw new InvalidOperationException(
                $"{ClusterTlsOptions.Section}:Certificate ({certificate.Subject}) is not issued by {ClusterTlsOptions.Section}:CaCertificate: the other members would refuse it.");
        }

        return members;
    }

    /// <summary>Whether <paramref name="peer"/> was issued by one of the cluster's authorities and is valid now.</summary>
    public bool IsMember(X509Certificate2 peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        using var chain = new X509Chain();
        // Only the cluster's own authorities count, never the machine's public roots.
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(peer);
    }
}
