using System.Collections.Concurrent;

namespace Nmpi.Cluster.Tests.Storage.Grains;

/// <summary>Lets a test wait for the next reminder tick of a grain (the silos run in the test process).</summary>
public static class ReminderProbe
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Waiters = new(StringComparer.Ordinal);

    /// <summary>A task that completes at the next tick of <paramref name="reminderName"/> on grain <paramref name="grainKey"/>.</summary>
    public static Task NextTick(string grainKey, string reminderName) =>
        Waiters.GetOrAdd(Key(grainKey, reminderName), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Forgets ticks seen so far, so <see cref="NextTick"/> waits for a new one.</summary>
    public static void Reset(string grainKey, string reminderName) => Waiters.TryRemove(Key(grainKey, reminderName), out _);

    internal static void Tick(string grainKey, string reminderName) =>
        Waiters.GetOrAdd(Key(grainKey, reminderName), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private static string Key(string grainKey, string reminderName) => grainKey + "/" + reminderName;
}
