namespace Nmpi.Cluster.Tests.Storage.Grains;

/// <summary>A grain that registers a reminder and reports each tick to <see cref="ReminderProbe"/>.</summary>
[Alias("nmpi.tests.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    /// <summary>Registers (or updates) the reminder <paramref name="name"/> with the given period.</summary>
    [Alias("Register")]
    Task Register(string name, TimeSpan dueTime, TimeSpan period);

    /// <summary>Unregisters the reminder <paramref name="name"/>.</summary>
    [Alias("Unregister")]
    Task Unregister(string name);
}
