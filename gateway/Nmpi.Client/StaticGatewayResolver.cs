using Grpc.Net.Client.Balancer;

namespace Nmpi.Client;

/// <summary>The services a load-balancing channel asks for: the resolver of the fixed gateway list (nothing else is provided).</summary>
internal sealed class StaticGatewayResolver(IReadOnlyList<Uri> addresses) : IServiceProvider
{
    private readonly StaticResolverFactory _factory = new(_ => addresses.Select(a => new BalancerAddress(a.Host, a.Port)).ToArray());

    // The channel looks resolvers up as a sequence; anything else it asks for keeps its default.
    public object? GetService(Type serviceType) =>
        serviceType == typeof(IEnumerable<ResolverFactory>) ? new ResolverFactory[] { _factory }
        : serviceType == typeof(ResolverFactory) ? _factory
        : null;
}
