using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Gateway.Accounts;

/// <summary>Session tokens and password hashing, bound from <c>Nmpi:Accounts</c>.</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Nmpi:Accounts";

    /// <summary>How long a token from Login or RenewToken is valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long after signing in (Login) a chain of RenewToken calls may go on: no session token outlives it.</summary>
    public TimeSpan MaxSessionLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a gateway keeps the signing keys before reading them again (a retired key is refused after this at most).</summary>
    public TimeSpan SigningKeyRefresh { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>PBKDF2 iterations for new password hashes (stored in each hash, so it can grow).</summary>
    public int PasswordIterations { get; set; } = PasswordHash.DefaultIterations;

    /// <summary>Wrong passwords for one username before sign-in attempts for it wait (doubling from <see cref="LoginBackoff"/>).</summary>
    public int LoginFailuresPerUsername { get; set; } = 5;

    /// <summary>Wrong passwords from one network address (any usernames) before its attempts wait; higher, as many people may share one address.</summary>
    public int LoginFailuresPerAddress { get; set; } = 50;

    /// <summary>The first wait after the free failures; each further failure doubles it, up to <see cref="LoginBackoffMax"/>.</summary>
    public TimeSpan LoginBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between sign-in attempts of a throttled username or address.</summary>
    public TimeSpan LoginBackoffMax { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long failures are remembered after the last one.</summary>
    public TimeSpan LoginFailureMemory { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Threads that compute password hashes (PBKDF2), outside the thread pool that serves requests; 0 means half the cores, at least 1.</summary>
    public int PasswordHashThreads { get; set; }

    /// <summary>Password checks that may wait for a hashing thread; more are refused with RESOURCE_EXHAUSTED.</summary>
    public int PasswordHashQueue { get; set; } = 32;
}
