namespace Nmpi.GrainInterfaces.Health;

/// <summary>Answers how well the cluster can serve right now: whether the database answers and which platforms have no site online.</summary>
[Alias("nmpi.IServiceHealthGrain")]
public interface IServiceHealthGrain : IGrainWithIntegerKey
{
    /// <summary>Probes the database once and asks the scheduler of each named platform how many sites it saw lately.</summary>
    [Alias("Probe")]
    Task<ServiceHealth> ProbeAsync(IReadOnlyList<string> platforms);
}
