namespace Nmpi.Cluster.Tests.Infrastructure;

/// <summary>
/// Two silos in one cluster on one database, each co-hosting a gateway on its own port: the first can be stopped
/// while the second keeps serving, as when one of a platform's gateways goes away.
/// </summary>
public sealed class TwoGatewayPlatform : IAsyncDisposable
{
    private TwoGatewayPlatform(PlatformHost first, PlatformHost second)
    {
        First = first;
        Second = second;
    }

    public PlatformHost First { get; }

    public PlatformHost Second { get; }

    /// <summary>Both gateways' gRPC addresses, the first one first.</summary>
    public IReadOnlyList<Uri> GrpcUrls => [new Uri(First.GrpcUrl), new Uri(Second.GrpcUrl)];

    /// <summary>Both gRPC addresses as users write them: comma-separated.</summary>
    public string GrpcUrlList => $"{First.GrpcUrl},{Second.GrpcUrl}";

    /// <summary>Starts the first silo and gateway, then the second in the same cluster.</summary>
    public static async Task<TwoGatewayPlatform> StartAsync(PostgresFixture postgres)
    {
        var settings = new Dictionary<string, string?> { ["Orleans:ClusterId"] = $"failover-{Guid.NewGuid():N}" };
        var first = await PlatformHost.StartAsync(postgres, settings);
        try
        {
            settings["ConnectionStrings:Nmpi"] = first.ConnectionString;
            return new TwoGatewayPlatform(first, await PlatformHost.StartAsync(postgres, settings));
        }
        catch
        {
            await first.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }
}
