using System.Collections.Concurrent;
using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Grains.Accounts;

/// <summary>One external issuer's namespace: resolves subjects to user ids and admits collab ids, remembering the answers that cannot change.</summary>
[Reentrant]
public sealed class ExternalDirectoryGrain(ExternalDirectoryStore store, TimeProvider time) : Grain, IExternalDirectoryGrain
{
    private readonly ConcurrentDictionary<string, string> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _collabs = new(StringComparer.Ordinal);

    private string Issuer => this.GetPrimaryKeyString();

    public async Task<string> ResolveUserAsync(string subject, string username, string userIdPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(userIdPrefix);
        if (_users.TryGetValue(subject, out var known))
        {
            return known;
        }

        var userId = await store.ResolveUserAsync(Issuer, subject, username, userIdPrefix + username, time.GetUtcNow());
        _users[subject] = userId;
        return userId;
    }

    public async Task<bool> AdmitCollabAsync(string collabId, string seenBy)
    {
        ArgumentException.ThrowIfNullOrEmpty(collabId);
        if (_collabs.TryGetValue(collabId, out var admitted) && admitted)
        {
            return true;
        }

        // A refusal is not remembered: an administrator may link the collab meanwhile.
        admitted = await store.AdmitCollabAsync(Issuer, collabId, seenBy, time.GetUtcNow());
        if (admitted)
        {
            _collabs[collabId] = true;
        }

        return admitted;
    }
}
