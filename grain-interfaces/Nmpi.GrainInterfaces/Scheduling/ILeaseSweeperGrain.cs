namespace Nmpi.GrainInterfaces.Scheduling;

/// <summary>Finds jobs whose lease, wall-time limit or cancel deadline passed and has them act on it.</summary>
[Alias("nmpi.ILeaseSweeperGrain")]
public interface ILeaseSweeperGrain : IGrainWithIntegerKey
{
    /// <summary>Starts the periodic sweep (idempotent).</summary>
    [Alias("Start")]
    Task StartAsync();

    /// <summary>Sweeps once now; returns the number of jobs poked.</summary>
    [Alias("SweepNow")]
    Task<int> SweepNowAsync();
}
