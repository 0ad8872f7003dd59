using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Gateway.Auth.Oidc;

/// <summary>
/// Turns an identity of the external issuer into a principal of the issuer's own namespace: the user id mapped from its
/// subject (never a local account), and roles only in collabs the issuer's teams may name (never local or private ones).
/// Answers that cannot change are remembered, so a call costs no cluster round trip once its user and collabs were seen.
/// </summary>
public sealed class ExternalDirectory(IGrainFactory grains, IOptions<OidcOptions> options, TimeProvider time)
{
    // A refused collab is asked again after this long: an administrator may link it meanwhile.
    private static readonly TimeSpan RefusalMemory = TimeSpan.FromMinutes(1);
    private const int MaxRemembered = 100_000;

    private readonly ConcurrentDictionary<string, string> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _collabs = new(StringComparer.Ordinal);
    private readonly string _issuer = options.Value.EffectiveIssuer;
    private readonly string _prefix = options.Value.UserIdPrefix;
    private readonly HashSet<string> _linked = new(options.Value.LinkedCollabs, StringComparer.Ordinal);

    /// <summary>The local user id of the identity's subject, made at its first sight.</summary>
    public async Task<string> UserIdAsync(ExternalIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (_users.TryGetValue(identity.Subject, out var known))
        {
            return known;
        }

        var userId = await Directory.ResolveUserAsync(identity.Subject, identity.Username, _prefix);
        Remember(_users, identity.Subject, userId);
        return userId;
    }

    /// <summary>The principal of the identity: its mapped user id, admin flag, and the roles its teams may grant.</summary>
    public async Task<UserPrincipal> PrincipalAsync(ExternalIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var userId = await UserIdAsync(identity);
        var roles = new Dictionary<string, CollabRole>(StringComparer.Ordinal);
        foreach (var (collab, role) in identity.Roles)
        {
            if (await AdmitsAsync(collab, userId))
            {
                roles[collab] = role;
            }
        }

        return new UserPrincipal(userId, identity.IsAdmin, roles) { Issuer = _issuer };
    }

    private IExternalDirectoryGrain Directory => grains.GetGrain<IExternalDirectoryGrain>(_issuer);

    private async Task<bool> AdmitsAsync(string collab, string seenBy)
    {
        if (_linked.Contains(collab))
        {
            return true;
        }

        var now = time.GetUtcNow();
        if (_collabs.TryGetValue(collab, out var refusedUntil) && (refusedUntil == DateTimeOffset.MaxValue || refusedUntil > now))
        {
            return refusedUntil == DateTimeOffset.MaxValue;
        }

        var admitted = await Directory.AdmitCollabAsync(collab, seenBy);
        Remember(_collabs, collab, admitted ? DateTimeOffset.MaxValue : now + RefusalMemory);
        return admitted;
    }

    private static void Remember<T>(ConcurrentDictionary<string, T> memory, string key, T value)
    {
        // Bounded: forgetting only costs one more cluster call per key.
        if (memory.Count >= MaxRemembered)
        {
            memory.Clear();
        }

        memory[key] = value;
    }
}
