using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Grains.Accounts;

/// <summary>One user: reads their row and roles once and answers from memory until told to refresh.</summary>
public sealed class UserGrain(AccountStore store, TimeProvider time) : Grain, IUserGrain
{
    private Loaded? _loaded;

    private string UserId => this.GetPrimaryKeyString();

    public async Task<UserAccess?> GetAccessAsync()
    {
        var loaded = await LoadAsync();
        return loaded.Account is { Disabled: false } ? loaded.Access : null;
    }

    public async Task<UserAccount?> GetAccountAsync() => (await LoadAsync()).Account;

    public async Task<string?> GetPasswordHashAsync()
    {
        var loaded = await LoadAsync();
        return loaded.Account is { Disabled: false } ? loaded.PasswordHash : null;
    }

    public async Task<UserAccount> CreateAsync(NewUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var created = await store.CreateUserAsync(UserId, user, time.GetUtcNow());
        _loaded = null;
        return created
            ? (await LoadAsync()).Account!
            : throw new AccountRejectedException(AccountRejection.UserExists, $"User '{UserId}' exists already.");
    }

    public async Task<UserAccount> UpdateProfileAsync(ProfileChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var found = await store.UpdateProfileAsync(UserId, change);
        _loaded = null;
        return found ? (await LoadAsync()).Account! : throw NotFound();
    }

    public async Task SetPasswordHashAsync(string passwordHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        var found = await store.SetPasswordHashAsync(UserId, passwordHash);
        _loaded = null;
        if (!found)
        {
            throw NotFound();
        }
    }

    public async Task<UserAccount> SetDisabledAsync(bool disabled)
    {
        var found = await store.SetDisabledAsync(UserId, disabled ? time.GetUtcNow() : null);
        _loaded = null;
        return found ? (await LoadAsync()).Account! : throw NotFound();
    }

    public async Task<IReadOnlyList<CollabMembership>> ListCollabsAsync() => (await LoadAsync()).Memberships;

    public Task RefreshAsync()
    {
        _loaded = null;
        return Task.CompletedTask;
    }

    private async Task<Loaded> LoadAsync()
    {
        if (_loaded is { } loaded)
        {
            return loaded;
        }

        var row = await store.LoadUserAsync(UserId);
        var memberships = row is null ? [] : await store.LoadMembershipsAsync(UserId);
        var access = row is { } r
            ? new UserAccess { UserId = UserId, Admin = r.Account.Admin, Roles = memberships.ToDictionary(m => m.CollabId, m => m.Role, StringComparer.Ordinal) }
            : null;
        // A miss is not remembered: the user may be created through another activation during a membership change.
        if (row is not null)
        {
            _loaded = new Loaded(row.Value.Account, row.Value.PasswordHash, access, memberships);
        }

        return new Loaded(row?.Account, row?.PasswordHash, access, memberships);
    }

    private AccountRejectedException NotFound() => new(AccountRejection.UserNotFound, $"User '{UserId}' not found.");

    private sealed record Loaded(UserAccount? Account, string? PasswordHash, UserAccess? Access, IReadOnlyList<CollabMembership> Memberships);
}
