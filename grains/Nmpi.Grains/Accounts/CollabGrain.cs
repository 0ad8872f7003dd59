using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Grains.Accounts;

/// <summary>One collab: loads its members once, applies changes under the membership rules, and refreshes the members' user grains.</summary>
public sealed class CollabGrain(CollabStore store, TimeProvider time) : Grain, ICollabGrain
{
    private CollabInfo? _collab;

    private string CollabId => this.GetPrimaryKeyString();

    // A miss is not remembered: the collab may be created through another activation during a membership change.
    public async Task<CollabInfo?> GetAsync() => _collab ??= await store.LoadAsync(CollabId);

    public async Task<CollabInfo> CreateAsync(string title, string creator)
    {
        ArgumentException.ThrowIfNullOrEmpty(title);
        ArgumentException.ThrowIfNullOrEmpty(creator);
        if (!await store.CreateAsync(CollabId, title, creator, time.GetUtcNow()))
        {
            throw new AccountRejectedException(AccountRejection.CollabExists, $"Collab '{CollabId}' exists already.");
        }

        _collab = null;
        await GrainFactory.GetGrain<IUserGrain>(creator).RefreshAsync();
        return await RequireAsync();
    }

    public async Task<CollabInfo> SetMemberAsync(string userId, MemberRole role, string changedBy)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var collab = await RequireAsync();
        if (MembershipRules.CheckSetMember(collab, userId, role) is { } refusal)
        {
            throw Refuse(refusal, userId);
        }

        if (collab.RoleOf(userId) != role)
        {
            await store.SetMemberAsync(CollabId, userId, role, changedBy, time.GetUtcNow());
            _collab = null;
            await GrainFactory.GetGrain<IUserGrain>(userId).RefreshAsync();
        }

        return await RequireAsync();
    }

    public async Task<CollabInfo> RemoveMemberAsync(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var collab = await RequireAsync();
        if (MembershipRules.CheckRemoveMember(collab, userId) is { } refusal)
        {
            throw Refuse(refusal, userId);
        }

        if (await store.RemoveMemberAsync(CollabId, userId))
        {
            _collab = null;
            await GrainFactory.GetGrain<IUserGrain>(userId).RefreshAsync();
        }

        return await RequireAsync();
    }

    private async Task<CollabInfo> RequireAsync() =>
        await GetAsync() ?? throw new AccountRejectedException(AccountRejection.CollabNotFound, $"Collab '{CollabId}' not found.");

    private AccountRejectedException Refuse(AccountRejection rejection, string userId) => new(rejection, rejection switch
    {
        AccountRejection.PrivateCollab => $"Collab '{CollabId}' is private: it takes no other members.",
        AccountRejection.LastAdministrator => $"'{userId}' is the last administrator of collab '{CollabId}'; make another member administrator first.",
        _ => $"Changing the membership of '{userId}' in collab '{CollabId}' is refused.",
    });
}
