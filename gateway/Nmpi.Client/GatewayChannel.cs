using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;

namespace Nmpi.Client;

/// <summary>
/// Builds the gRPC channel to one gateway or several. With several, gRPC's own pick_first balancer holds one
/// connection to the first gateway that answers and moves to the next when it fails; calls that failed with
/// Unavailable meanwhile are retried by the channel's retry policy, if they have one.
/// </summary>
public static class GatewayChannel
{
    /// <summary>How long connecting to one gateway may take before the next is tried.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The scheme of the channel address that selects the fixed list of gateways.</summary>
    private const string StaticTarget = "static:///nmpi-gateways";

    /// <summary>
    /// A channel to the addresses (checked with <see cref="GatewayAddresses.Problem"/>); a given HTTP handler must be a
    /// SocketsHttpHandler when there are several, as gRPC balances only over that transport.
    /// </summary>
    public static GrpcChannel Create(IReadOnlyList<Uri> addresses, GrpcChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(options);
        if (GatewayAddresses.Problem(addresses) is { } problem)
        {
            throw new ArgumentException($"The gateway addresses cannot be used: {problem}.", nameof(addresses));
        }

        if (addresses.Count == 1)
        {
            return GrpcChannel.ForAddress(addresses[0], options);
        }

        if (options.HttpHandler is null)
        {
            options.HttpHandler = new SocketsHttpHandler { ConnectTimeout = ConnectTimeout, EnableMultipleHttp2Connections = true };
            options.DisposeHttpClient = true;
        }
        else if (options.HttpHandler is not SocketsHttpHandler)
        {
            throw new ArgumentException("Several gateway addresses need a SocketsHttpHandler (or none): gRPC moves between gateways only over that transport.", nameof(options));
        }

        options.Credentials = addresses[0].Scheme == "https" ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        options.ServiceProvider = new StaticGatewayResolver(addresses);
        options.ServiceConfig ??= new ServiceConfig();
        options.ServiceConfig.LoadBalancingConfigs.Clear();
        options.ServiceConfig.LoadBalancingConfigs.Add(new PickFirstConfig());
        return GrpcChannel.ForAddress(StaticTarget, options);
    }
}
