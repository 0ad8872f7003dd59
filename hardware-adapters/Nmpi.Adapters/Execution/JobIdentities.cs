namespace Nmpi.Adapters.Execution;

/// <summary>
/// The user ids jobs run as (when the adapter runs as root): one of its own for each running attempt of a job, so no two
/// runs (not even two attempts of one job) can touch each other's files or processes. Shared by every adapter of the process (local mode runs four); adapters in
/// separate processes on one machine are given separate ranges (Nmpi:Adapter:FirstJobUserId).
/// </summary>
internal static class JobIdentities
{
    /// <summary>The id the start-up probe runs as; never given to a job.</summary>
    public const int ProbeId = 65534;

    private static readonly Dictionary<JobAttempt, (int UserId, int Holders)> Held = [];

    /// <summary>The attempt's user id, taken from the range the first time and kept until every holder has released it.</summary>
    public static int Acquire(JobAttempt attempt, int first, int count)
    {
        lock (Held)
        {
            if (Held.TryGetValue(attempt, out var held))
            {
                Held[attempt] = held with { Holders = held.Holders + 1 };
                return held.UserId;
            }

            var inUse = Held.Values.Select(h => h.UserId).ToHashSet();
            var start = (int)((attempt.JobId + attempt.Epoch) % count);
            for (var i = 0; i < count; i++)
            {
                var candidate = first + ((start + i) % count);
                if (!inUse.Contains(candidate))
                {
                    Held[attempt] = (candidate, 1);
                    return candidate;
                }
            }

            throw new InvalidOperationException($"all {count} job user ids from {first} are in use");
        }
    }

    /// <summary>Gives back one hold on the attempt's user id; the last one frees it for another run.</summary>
    public static void Release(JobAttempt attempt)
    {
        lock (Held)
        {
            if (Held.TryGetValue(attempt, out var held))
            {
                if (held.Holders <= 1)
                {
                    Held.Remove(attempt);
                }
                else
                {
                    Held[attempt] = held with { Holders = held.Holders - 1 };
                }
            }
        }
    }
}
