namespace Nmpi.Gateway.Transport;

/// <summary>Mutual TLS between silos and between gateways and silos (configuration section Nmpi:Cluster:Tls).</summary>
public sealed class ClusterTlsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Nmpi:Cluster:Tls";

    /// <summary>This member's certificate: a .pfx/.p12 file, or a PEM file (with <see cref="Key"/> or the key inside). Empty turns TLS off.</summary>
    public string? Certificate { get; set; }

    /// <summary>The PEM private key of <see cref="Certificate"/> when it is in a separate file.</summary>
    public string? Key { get; set; }

    /// <summary>The password of the .pfx file or of an encrypted PEM key.</summary>
    public string? Password { get; set; }

    /// <summary>PEM file of the cluster's certificate authority (or authorities): a peer must present a certificate it issued.</summary>
    public string? CaCertificate { get; set; }

    /// <summary>Lets a silo advertise a non-loopback address without TLS (only where a private network guards the Orleans ports).</summary>
    public bool AllowPlaintext { get; set; }

    /// <summary>Whether TLS is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Certificate);
}
