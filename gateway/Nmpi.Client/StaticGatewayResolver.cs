using Grpc.Net.Client.Balancer;

namespace Nmpi.Client;

/// <summary>The services a load-balancing channel asks for: the resolver of the fixed gateway list (nothing else is provided).</summary>
internal sealed class StaticGatewayResolver(IReadOnlyList<Uri> addresses) : IServiceProvider
{
    private readonly StaticResolverFactory _factory = new(_ => addresses.Select(a => new BalancerAddress(a.Host, a.Port)).ToArray());

    public object? GetService(Type serviceType) => serviceType == typeof(ResolverFactory) ? _factory : null;
}
