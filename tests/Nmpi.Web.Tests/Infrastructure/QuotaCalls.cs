using Grpc.Core.Interceptors;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Web.Tests.Infrastructure;

/// <summary>The Quotas service over gRPC, to check what the pages did (as the CLI would see it).</summary>
public static class QuotaCalls
{
    public static Quotas.QuotasClient Quotas(this PlatformHost host, string token)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new(host.Channel.Intercept(headers =>
        {
            headers.Add("authorization", $"Bearer {token}");
            return headers;
        }));
    }
}
