using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Runtime;

namespace Nmpi.GrainInterfaces.Hosting;

/// <summary>
/// Remembers the Orleans type name of each grain interface. Orleans works it out again on every
/// <c>GetGrain</c> call (its attribute provider reads the interface's custom attributes each time, then the
/// convention formats the type name): about 7 % of the gateway's managed CPU under the submit benchmark. An
/// interface's name cannot change while the process runs, so this provider, asked before all others, answers
/// from a cache that it fills by letting the resolver work out each interface once without it.
/// </summary>
/// <remarks>
/// Only the interface's name is cached. The grain type behind it still comes from the cluster manifest on every
/// call, so a gateway that starts before the silos does not keep a reference to a grain type it could not yet know.
/// </remarks>
public sealed class GrainInterfaceTypeCache(IServiceProvider services) : IGrainInterfaceTypeProvider
{
    [ThreadStatic]
    private static bool t_resolving;

    private readonly ConcurrentDictionary<Type, GrainInterfaceType> _known = new();

    /// <summary>How many interfaces have their name cached.</summary>
    public int Count => _known.Count;

    public bool TryGetGrainInterfaceType(Type type, out GrainInterfaceType grainInterfaceType)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (_known.TryGetValue(type, out grainInterfaceType))
        {
            return true;
        }

        if (t_resolving)
        {
            // The resolver's pass started below: step aside so the other providers and the convention answer.
            return false;
        }

        t_resolving = true;
        try
        {
            grainInterfaceType = services.GetRequiredService<GrainInterfaceTypeResolver>().GetGrainInterfaceType(type);
        }
        finally
        {
            t_resolving = false;
        }

        _known.TryAdd(type, grainInterfaceType);
        return true;
    }
}

/// <summary>Registers <see cref="GrainInterfaceTypeCache"/> ahead of Orleans' own interface type providers.</summary>
public static class GrainInterfaceTypeCacheServiceCollectionExtensions
{
    /// <summary>Adds the cache as the first interface type provider (providers are asked in registration order).</summary>
    public static IServiceCollection AddGrainInterfaceTypeCache(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<GrainInterfaceTypeCache>();
        services.Insert(0, ServiceDescriptor.Singleton<IGrainInterfaceTypeProvider>(sp => sp.GetRequiredService<GrainInterfaceTypeCache>()));
        return services;
    }
}
