using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nmpi.Cluster.Tests.Transport;

/// <summary>
/// Certificates made for one test in a temporary directory, as an operator would issue them: a cluster CA, a member
/// certificate it signed, and an attacker's self-signed certificate with the same subject.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory)
    {
        Directory = directory;
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=nmpi test cluster CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Authority = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var memberKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var issued = MemberRequest(memberKey).Create(Authority, now.AddDays(-1), now.AddDays(7), RandomNumberGenerator.GetBytes(12));
        Member = issued.CopyWithPrivateKey(memberKey);

        using var attackerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Attacker = MemberRequest(attackerKey).CreateSelfSigned(now.AddDays(-1), now.AddDays(7));

        AuthorityPem = Write("ca.pem", Authority.ExportCertificatePem());
        MemberPem = Write("member.pem", Member.ExportCertificatePem());
        MemberKeyPem = Write("member.key", memberKey.ExportPkcs8PrivateKeyPem());
        AttackerPem = Write("attacker.pem", Attacker.ExportCertificatePem());
        AttackerKeyPem = Write("attacker.key", attackerKey.ExportPkcs8PrivateKeyPem());
    }

    public string Directory { get; }

    public X509Certificate2 Authority { get; }

    /// <summary>A cluster member's certificate (with its key), issued by <see cref="Authority"/>.</summary>
    public X509Certificate2 Member { get; }

    /// <summary>A certificate the attacker made: same subject and usages as a member's, but self-signed.</summary>
    public X509Certificate2 Attacker { get; }

    public string AuthorityPem { get; }

    public string MemberPem { get; }

    public string MemberKeyPem { get; }

    public string AttackerPem { get; }

    public string AttackerKeyPem { get; }

    public static TestCertificates Create() => new(System.IO.Directory.CreateTempSubdirectory("nmpi-certs-").FullName);

    /// <summary>A copy of <paramref name="certificate"/> whose key TLS can use (PEM-made keys are ephemeral).</summary>
    public static X509Certificate2 Usable(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);

    public void Dispose()
    {
        Authority.Dispose();
        Member.Dispose();
        Attacker.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static CertificateRequest MemberRequest(ECDsa key)
    {
        var request = new CertificateRequest("CN=nmpi-member", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request;
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, pem);
        return path;
    }
}
