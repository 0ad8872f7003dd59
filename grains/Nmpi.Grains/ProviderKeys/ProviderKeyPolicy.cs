using System.Security.Cryptography;
using Nmpi.GrainInterfaces.ProviderKeys;

namespace Nmpi.Grains.ProviderKeys;

/// <summary>The rules of a provider key's life: matching, when it ends, when it may rotate, when use and reloads are due.</summary>
public static class ProviderKeyPolicy
{
    /// <summary>How often the last use of a key is written at most.</summary>
    public static readonly TimeSpan UseRecordInterval = TimeSpan.FromMinutes(1);

    /// <summary>How long a grain trusts its cached row: bounds what a change made outside it (by hand, or by a duplicate activation) takes to show.</summary>
    public static readonly TimeSpan ReloadAfter = TimeSpan.FromMinutes(1);

    /// <summary>The longest grace period a rotation may give the old key.</summary>
    public static readonly TimeSpan MaxGrace = ProviderKeyLimits.MaxGrace;

    /// <summary>True when the presented hash is the stored one, compared in constant time.</summary>
    public static bool Matches(byte[] stored, byte[] presented)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(presented);
        return stored.Length == presented.Length && CryptographicOperations.FixedTimeEquals(stored, presented);
    }

    /// <summary>Whether the key may be rotated now, and if not, why.</summary>
    public static RotationOutcome CanRotate(ProviderKey? key, DateTimeOffset now) => key switch
    {
        null => RotationOutcome.NotFound,
        { ReplacedBy: not null } => RotationOutcome.AlreadyRotated,
        _ when !key.IsLiveAt(now) => RotationOutcome.Revoked,
        _ => RotationOutcome.Rotated,
    };

    /// <summary>When a rotated key ends: after the grace period, or sooner if it was already due to end sooner.</summary>
    public static DateTimeOffset RotationEnd(ProviderKey key, DateTimeOffset now, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(grace, MaxGrace);
        var end = now + grace;
        return key.RevokedAt is { } earlier && earlier < end ? earlier : end;
    }

    /// <summary>When a revoked key ends: now, unless it had already ended.</summary>
    public static DateTimeOffset RevocationEnd(ProviderKey key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.RevokedAt is { } end && end <= now ? end : now;
    }

    /// <summary>True when the key's use should be written: never written by this activation, or not within the interval.</summary>
    public static bool ShouldRecordUse(DateTimeOffset? lastRecorded, DateTimeOffset now) =>
        lastRecorded is not { } last || now - last >= UseRecordInterval || now < last;

    /// <summary>True when a cached row loaded at the given instant must be read again.</summary>
    public static bool ShouldReload(DateTimeOffset loadedAt, DateTimeOffset now) => now - loadedAt >= ReloadAfter || now < loadedAt;
}
