namespace Nmpi.Silo.Hosting;

/// <summary>Where a silo listens and what it hosts (configuration section Nmpi:Silo).</summary>
public sealed class SiloHostOptions
{
    /// <summary>Orleans silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11311;

    /// <summary>Orleans client gateway port (used by separate gateway processes).</summary>
    public int GatewayPort { get; set; } = 30300;

    /// <summary>Address advertised to other silos.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Also serve the gRPC gateway from this silo (single-node and small clusters).</summary>
    public bool HostGateway { get; set; } = true;

    /// <summary>gRPC endpoint (HTTP/2 cleartext) when the silo hosts the gateway.</summary>
    public string GrpcUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>HTTP/1.1 endpoint for capability download URLs when the silo hosts the gateway.</summary>
    public string HttpUrl { get; set; } = "http://127.0.0.1:5081";

    /// <summary>Orleans dashboard endpoint; empty to turn the dashboard off.</summary>
    public string DashboardUrl { get; set; } = "http://127.0.0.1:5082";

    /// <summary>Whether the dashboard streams the silo's live log (its Trace page); off, as the log names users, collabs and keys.</summary>
    public bool DashboardShowsTrace { get; set; }

    /// <summary>Fast failure detection for loopback clusters (about a second instead of about fourteen).</summary>
    public bool FastFailureDetection { get; set; }
}
