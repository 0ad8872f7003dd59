using Grpc.Core;
using Grpc.Core.Interceptors;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.ProviderKeys;

/// <summary>The ProviderKeys client of a platform, as a given caller.</summary>
internal static class KeyAdmin
{
    public static Api.V1.ProviderKeys.ProviderKeysClient Client(PlatformHost host, string token = PlatformHost.AdminToken) =>
        new(host.Channel.Intercept(headers =>
        {
            headers.Add("authorization", $"Bearer {token}");
            return headers;
        }));

    public static Api.V1.ProviderKeys.ProviderKeysClient WithHeaders(PlatformHost host, Metadata extra) =>
        new(host.Channel.Intercept(headers =>
        {
            foreach (var entry in extra)
            {
                headers.Add(entry);
            }

            return headers;
        }));

    public static async Task<CreateProviderKeyResponse> CreateAsync(PlatformHost host, string site, params string[] platforms)
    {
        var request = new CreateProviderKeyRequest { Site = site, Label = $"test key of {site}" };
        request.Platforms.Add(platforms);
        return await Client(host).CreateProviderKeyAsync(request);
    }
}
