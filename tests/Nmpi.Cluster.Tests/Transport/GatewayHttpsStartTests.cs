using Microsoft.Extensions.Configuration;
using Nmpi.Silo.Hosting;

namespace Nmpi.Cluster.Tests.Transport;

/// <summary>M-10: a gateway configured for HTTPS with a certificate it cannot use refuses to start, saying which setting is wrong.</summary>
public sealed class GatewayHttpsStartTests
{
    [Fact]
    public void HttpsGateway_WithAMissingCertificateFile_RefusesToStartNamingTheSettingAndTheFile()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Build("/nonexistent/gateway.pem"));

        Assert.Equal("Nmpi:Gateway:Transport:Certificate: the file /nonexistent/gateway.pem does not exist.", e.Message);
    }

    [Fact]
    public void HttpsGateway_WithACertificateFileThatIsNoCertificate_RefusesToStartNamingTheSetting()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a certificate");

            var e = Assert.Throws<InvalidOperationException>(() => Build(path));

            Assert.StartsWith($"Nmpi:Gateway:Transport:Certificate: {path} could not be read as a certificate", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void HttpsGateway_WithoutACertificate_RefusesToStart()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Build(certificate: null));

        Assert.Contains("Nmpi:Gateway:Transport:Certificate is required", e.Message, StringComparison.Ordinal);
    }

    private static void Build(string? certificate) => SiloHost.Build([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Nmpi"] = "Host=127.0.0.1;Database=unused",
        ["Nmpi:Silo:DashboardUrl"] = "",
        ["Nmpi:Gateway:Transport:HttpsUrl"] = "https://127.0.0.1:5443",
        ["Nmpi:Gateway:Transport:Certificate"] = certificate,
    }));
}
