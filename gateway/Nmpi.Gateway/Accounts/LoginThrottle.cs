using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Nmpi.Gateway.Accounts;

/// <summary>
/// Slows password guessing: after a few wrong passwords for a username, or many from one address, further attempts for it
/// must wait, twice as long after each further failure. Separate counts, so a burst against one username does not lock out
/// the other users behind the same address.
/// </summary>
public sealed class LoginThrottle(IOptions<AccountOptions> options, TimeProvider time)
{
    private const int MaxRemembered = 100_000;

    private readonly AccountOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the username or the address must still wait, or null when an attempt may go ahead now.</summary>
    public TimeSpan? Wait(string username, string address)
    {
        var now = time.GetUtcNow();
        var longest = TimeSpan.Zero;
        foreach (var key in Keys(username, address))
        {
            if (_failures.TryGetValue(key, out var failures))
            {
                lock (failures)
                {
                    var left = failures.LockedUntil - now;
                    longest = left > longest ? left : longest;
                }
            }
        }

        return longest > TimeSpan.Zero ? longest : null;
    }

    /// <summary>Counts a wrong password for the username and the address.</summary>
    public void Failed(string username, string address)
    {
        var now = time.GetUtcNow();
        if (_failures.Count >= MaxRemembered)
        {
            Forget(now);
        }

        Count(UsernameKey(username), _options.LoginFailuresPerUsername, now);
        Count(AddressKey(address), _options.LoginFailuresPerAddress, now);
    }

    /// <summary>Clears the username's failures after a right password (the address keeps its count: one known account must not reset it).</summary>
    public void Succeeded(string username) => _failures.TryRemove(UsernameKey(username), out _);

    private void Count(string key, int free, DateTimeOffset now)
    {
        var failures = _failures.GetOrAdd(key, _ => new Failures());
        lock (failures)
        {
            if (now - failures.Last > _options.LoginFailureMemory)
            {
                failures.Count = 0;
                failures.LockedUntil = DateTimeOffset.MinValue;
            }

            failures.Count++;
            failures.Last = now;
            if (failures.Count >= free)
            {
                failures.LockedUntil = now + Backoff(failures.Count - free);
            }
        }
    }

    private TimeSpan Backoff(int beyond)
    {
        // 2^beyond, capped before it can overflow.
        var factor = Math.Pow(2, Math.Min(beyond, 30));
        var wait = TimeSpan.FromTicks((long)Math.Min(_options.LoginBackoff.Ticks * factor, _options.LoginBackoffMax.Ticks));
        return wait;
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
        {
            lock (failures)
            {
                if (now - failures.Last > _options.LoginFailureMemory)
                {
                    _failures.TryRemove(new KeyValuePair<string, Failures>(key, failures));
                }
            }
        }
    }

    private static string[] Keys(string username, string address) => [UsernameKey(username), AddressKey(address)];

    private static string UsernameKey(string username) => "u:" + username;

    private static string AddressKey(string address) => "a:" + address;

    private sealed class Failures
    {
        public int Count { get; set; }

        public DateTimeOffset Last { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset LockedUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
