namespace Nmpi.Cluster.Tests.Infrastructure;

/// <summary>Polls a real condition until it holds or a deadline passes (no fixed sleeps).</summary>
public static class Eventually
{
    public static Task HoldsAsync(Func<bool> condition, TimeSpan within, string what) =>
        HoldsAsync(() => Task.FromResult(condition()), within, what);

    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {within.TotalSeconds:F0} s waiting for {what}.");
            }

            await Task.Delay(100);
        }
    }
}
