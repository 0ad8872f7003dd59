using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.GrainInterfaces.Hosting;
using Nmpi.Silo.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Nmpi.Cluster.Tests.Transport;

/// <summary>
/// H-4: a rogue silo, with the cluster's id, service id and membership table (all readable by whoever reaches the
/// database or guesses the defaults), tries to join a TLS cluster over the silo port. Without a certificate issued by
/// the cluster CA it never becomes Active, so no grain is ever placed on it; a silo holding one joins.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RogueSiloTests(PostgresFixture postgres)
{
    private const int Active = 3; // Orleans' SiloStatus.Active, as stored in orleans_membership.status

    [Fact]
    public async Task RogueSilo_WithoutTls_NeverBecomesActiveInTheCluster()
    {
        using var certificates = TestCertificates.Create();
        await using var platform = await StartTlsPlatformAsync(certificates);

        await AssertNeverActiveAsync(platform, tls: null);
    }

    [Fact]
    public async Task RogueSilo_WithASelfSignedCertificate_NeverBecomesActiveInTheCluster()
    {
        using var certificates = TestCertificates.Create();
        await using var platform = await StartTlsPlatformAsync(certificates);
        using var forged = TestCertificates.Usable(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(certificates.AttackerPem, certificates.AttackerKeyPem));

        await AssertNeverActiveAsync(platform, silo => silo.UseTls(forged, tls =>
        {
            tls.AllowAnyRemoteCertificate();
            tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        }));
    }

    [Fact]
    public async Task Silo_HoldingTheClusterCertificate_JoinsTheCluster()
    {
        using var certificates = TestCertificates.Create();
        await using var platform = await StartTlsPlatformAsync(certificates);
        var settings = new ConfigurationBuilder().AddInMemoryCollection(TlsSettings(certificates)).Build();

        // The silo host's own TLS set-up, fed the settings an operator would give a new member.
        using var member = BuildSilo(platform, silo => SiloTransport.UseClusterTls(silo, settings, IPAddress.Loopback), out var port);
        await member.StartAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(Active, await StatusAsync(platform, port));
        await member.StopAsync();
    }

    private static Dictionary<string, string?> TlsSettings(TestCertificates certificates) => new()
    {
        ["Nmpi:Cluster:Tls:Certificate"] = certificates.MemberPem,
        ["Nmpi:Cluster:Tls:Key"] = certificates.MemberKeyPem,
        ["Nmpi:Cluster:Tls:CaCertificate"] = certificates.AuthorityPem,
    };

    private Task<PlatformHost> StartTlsPlatformAsync(TestCertificates certificates) => PlatformHost.StartAsync(postgres, TlsSettings(certificates));

    private static async Task AssertNeverActiveAsync(PlatformHost platform, Action<ISiloBuilder>? tls)
    {
        using var rogue = BuildSilo(platform, tls, out var port);

        // Orleans marks a silo Active only after it has reached the members; the rogue gives up joining instead.
        var joining = await Record.ExceptionAsync(() => rogue.StartAsync().WaitAsync(TimeSpan.FromMinutes(3)));
        Assert.True(joining is not null and not TimeoutException, $"The rogue silo joined the cluster (or hung): {joining}");

        Assert.NotEqual(Active, await StatusAsync(platform, port));
        var hosts = await platform.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.DoesNotContain(hosts.Keys, silo => silo.Endpoint.Port == port);
    }

    // The rogue: same cluster id, service id and membership table as the platform, on ports of its own.
    private static IHost BuildSilo(PlatformHost platform, Action<ISiloBuilder>? tls, out int siloPort)
    {
        var cluster = platform.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var port = PlatformHost.FreePort();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrainInterfaceTypeCache();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, port, PlatformHost.FreePort(), listenOnAnyHostAddress: false);
            silo.UseAdoNetClustering(options =>
            {
                options.Invariant = SiloHost.Invariant;
                options.ConnectionString = platform.ConnectionString;
            });
            // Give up joining after a while rather than the default five minutes.
            silo.Configure<ClusterMembershipOptions>(options => options.MaxJoinAttemptTime = TimeSpan.FromSeconds(20));
            tls?.Invoke(silo);
        });
        siloPort = port;
        return builder.Build();
    }

    private static async Task<int?> StatusAsync(PlatformHost platform, int port)
    {
        await using var connection = new NpgsqlConnection(platform.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT max(status) FROM orleans_membership WHERE port = @port", connection);
        command.Parameters.AddWithValue("port", port);
        return await command.ExecuteScalarAsync() is int status ? status : null;
    }
}
