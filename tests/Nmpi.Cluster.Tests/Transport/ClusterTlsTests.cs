using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Gateway.Host;
using Nmpi.Gateway.Transport;
using Nmpi.GrainInterfaces.Accounts;
using Nmpi.GrainInterfaces.Hosting;
using Nmpi.Silo.Hosting;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Runtime.Messaging;

namespace Nmpi.Cluster.Tests.Transport;

/// <summary>
/// H-4: the silo's Orleans ports under mutual TLS. An attacker who reaches the client gateway port tries to join as an
/// Orleans client and read the token signing keys, as in the review's exploit; only a holder of a certificate issued by
/// the cluster CA gets through.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterTlsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task OrleansClient_WithoutTls_CannotReadTheSigningKeys()
    {
        using var certificates = TestCertificates.Create();
        await using var platform = await StartTlsPlatformAsync(certificates);

        await AssertRefusedAsync(platform, tls: null);
    }

    [Fact]
    public async Task OrleansClient_WithTlsButNoCertificate_CannotReadTheSigningKeys()
    {
        using var certificates = TestCertificates.Create();
        await using var platform = await StartTlsPlatformAsync(certificates);

        await AssertRefusedAsync(platform, client => client.UseTls(tls =>
        {
            tls.ClientCertificateMode = RemoteCertificateMode.NoCertificate;
            tls.AllowAnyRemoteCertificate();
        }));
    }

    [Fact]
    public async Task OrleansClient_WithASelfSignedCertificate_CannotReadTheSigningKeys()
    {
        using var certificates = TestCertificates.Create();
        await using var platform = await StartTlsPlatformAsync(certificates);
        using var forged = TestCertificates.Usable(X509Pem(certificates.AttackerPem, certificates.AttackerKeyPem));

        await AssertRefusedAsync(platform, client => client.UseTls(forged, tls => tls.AllowAnyRemoteCertificate()));
    }

    [Fact]
    public async Task OrleansClient_WithTheClusterCertificate_ReadsGrains()
    {
        using var certificates = TestCertificates.Create();
        await using var platform = await StartTlsPlatformAsync(certificates);

        // The gateway host's own set-up, fed the same settings an operator would give it.
        var settings = new ConfigurationBuilder().AddInMemoryCollection(TlsSettings(certificates)).Build();
        using var client = await ConnectAsync(platform, builder => ClientTransport.UseClusterTls(builder, settings));
        var keys = await client.Services.GetRequiredService<IGrainFactory>().GetGrain<ISigningKeyGrain>(0).GetKeysAsync();

        Assert.NotEmpty(keys);
    }

    [Fact]
    public void Silo_AdvertisingANonLoopbackAddressWithoutTls_RefusesToStart()
    {
        var e = Assert.Throws<InvalidOperationException>(() => SiloHost.Build([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Nmpi"] = "Host=127.0.0.1;Database=unused",
            ["Nmpi:Silo:AdvertisedAddress"] = "192.0.2.1",
            ["Nmpi:Silo:DashboardUrl"] = "",
        })));

        Assert.Contains("advertises 192.0.2.1", e.Message, StringComparison.Ordinal);
        Assert.Contains("Nmpi:Cluster:Tls:Certificate", e.Message, StringComparison.Ordinal);
        Assert.Contains("AllowPlaintext", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClusterCertificate_NotIssuedByTheClusterCa_IsRefusedAtStart()
    {
        using var certificates = TestCertificates.Create();
        var options = new ClusterTlsOptions { Certificate = certificates.AttackerPem, Key = certificates.AttackerKeyPem, CaCertificate = certificates.AuthorityPem };

        var e = Assert.Throws<InvalidOperationException>(() => ClusterCertificates.Load(options, IPAddress.Loopback));

        Assert.Contains("is not issued by Nmpi:Cluster:Tls:CaCertificate", e.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> TlsSettings(TestCertificates certificates) => new()
    {
        ["Nmpi:Cluster:Tls:Certificate"] = certificates.MemberPem,
        ["Nmpi:Cluster:Tls:Key"] = certificates.MemberKeyPem,
        ["Nmpi:Cluster:Tls:CaCertificate"] = certificates.AuthorityPem,
    };

    private Task<PlatformHost> StartTlsPlatformAsync(TestCertificates certificates) => PlatformHost.StartAsync(postgres, TlsSettings(certificates));

    private static async Task AssertRefusedAsync(PlatformHost platform, Action<IClientBuilder>? tls)
    {
        var failures = new ConnectionFailureLog(enough: 3);
        using var stop = new CancellationTokenSource();
        var connecting = ConnectAsync(platform, tls, failures, stop.Token);

        // The attack succeeds if the client starts; it is refused if the silo drops its connection again and again.
        var first = await Task.WhenAny(connecting, failures.Reached).WaitAsync(TimeSpan.FromMinutes(2));
        if (first == connecting && connecting.IsCompletedSuccessfully)
        {
            using var client = await connecting;
            var keys = await client.Services.GetRequiredService<IGrainFactory>().GetGrain<ISigningKeyGrain>(0).GetKeysAsync();
            Assert.Fail($"The client joined the cluster and read {keys.Count} signing key(s).");
        }

        // Stopped while still retrying, or given up on its own: either way it never got in. Orleans' client start does
        // not always observe the stop while its TLS handshakes keep failing (a CI run waited on it for an hour), so the
        // wait is bounded: a start that neither joined nor ended a minute after the stop has not got in either.
        await stop.CancelAsync();
        var refused = await Record.ExceptionAsync(() => connecting.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.False(connecting.IsCompletedSuccessfully, "The client joined the cluster after it was told to stop.");
        Assert.True(refused is OperationCanceledException or ConnectionFailedException or TimeoutException, $"Expected a refused connection, got {refused}");
    }

    private static async Task<IHost> ConnectAsync(PlatformHost platform, Action<IClientBuilder>? tls, ILoggerProvider? log = null, CancellationToken cancellationToken = default)
    {
        var cluster = platform.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var endpoint = platform.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (log is not null)
        {
            builder.Logging.AddProvider(log);
        }

        builder.Services.AddGrainInterfaceTypeCache();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, endpoint.GatewayPort));
            tls?.Invoke(client);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 X509Pem(string certificate, string key) =>
        System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(certificate, key);
}
