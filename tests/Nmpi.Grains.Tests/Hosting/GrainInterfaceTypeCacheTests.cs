using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nmpi.GrainInterfaces.Hosting;
using Nmpi.GrainInterfaces.Jobs;
using Orleans.Hosting;
using Orleans.Metadata;
using Orleans.Runtime;
using Orleans.Serialization.TypeSystem;

namespace Nmpi.Grains.Tests.Hosting;

public sealed class GrainInterfaceTypeCacheTests
{
    private static readonly Type[] GrainInterfaces = [.. typeof(IJobGrain).Assembly.GetTypes()
        .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t))];

    private static ServiceProvider Services(CountingProvider? second = null)
    {
        var services = new ServiceCollection();
        services.AddOrleans(silo => silo.UseLocalhostClustering());
        if (second is not null)
        {
            services.Insert(0, ServiceDescriptor.Singleton<IGrainInterfaceTypeProvider>(second));
        }

        services.AddGrainInterfaceTypeCache();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void EveryGrainInterface_GetsTheNameOrleansGivesItWithoutTheCache()
    {
        using var services = Services();
        var resolver = services.GetRequiredService<GrainInterfaceTypeResolver>();
        var providers = services.GetServices<IGrainInterfaceTypeProvider>().ToList();
        var uncached = new GrainInterfaceTypeResolver(
            providers.Where(p => p is not GrainInterfaceTypeCache), services.GetRequiredService<TypeConverter>());

        Assert.IsType<GrainInterfaceTypeCache>(providers[0]);
        Assert.True(GrainInterfaces.Length >= 15, $"found only {GrainInterfaces.Length} grain interfaces");
        foreach (var type in GrainInterfaces)
        {
            Assert.Equal(uncached.GetGrainInterfaceType(type), resolver.GetGrainInterfaceType(type));
            Assert.Equal(uncached.GetGrainInterfaceType(type), resolver.GetGrainInterfaceType(type));
        }

        Assert.Equal(GrainInterfaces.Length, services.GetRequiredService<GrainInterfaceTypeCache>().Count);
    }

    [Fact]
    public void AnInterface_IsWorkedOutOnce_ThenAnsweredFromTheCache()
    {
        var second = new CountingProvider();
        using var services = Services(second);
        var resolver = services.GetRequiredService<GrainInterfaceTypeResolver>();

        var first = resolver.GetGrainInterfaceType(typeof(IJobGrain));
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(first, resolver.GetGrainInterfaceType(typeof(IJobGrain)));
        }

        Assert.Equal(1, second.Calls);
    }

    private sealed class CountingProvider : IGrainInterfaceTypeProvider
    {
        public int Calls { get; private set; }

        public bool TryGetGrainInterfaceType(Type type, out GrainInterfaceType grainInterfaceType)
        {
            Calls++;
            grainInterfaceType = default;
            return false;
        }
    }
}
