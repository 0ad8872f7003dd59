using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Gateway.Accounts;

/// <summary>Session tokens and password hashing, bound from <c>Nmpi:Accounts</c>.</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Nmpi:Accounts";

    /// <summary>How long a token from Login or RenewToken is valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a gateway keeps the signing keys before reading them again (a retired key is refused after this at most).</summary>
    public TimeSpan SigningKeyRefresh { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>PBKDF2 iterations for new password hashes (stored in each hash, so it can grow).</summary>
    public int PasswordIterations { get; set; } = PasswordHash.DefaultIterations;
}
