using Nmpi.GrainInterfaces.Accounts;
using Nmpi.Grains.Notifications;

namespace Nmpi.Grains.Accounts;

/// <summary>One user: reads their row and roles once and answers from memory until told to refresh.</summary>
public sealed class UserGrain(AccountStore store, VerificationMails verification, TimeProvider time) : Grain, IUserGrain
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
        if (!created)
        {
            throw new AccountRejectedException(AccountRejection.UserExists, $"User '{UserId}' exists already.");
        }

        var account = (await LoadAsync()).Account!;
        await SendCodeToNewAddressAsync(null, account);
        return account;
    }

    public async Task<UserAccount> UpdateProfileAsync(ProfileChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var before = (await LoadAsync()).Account;
        var found = await store.UpdateProfileAsync(UserId, change);
        _loaded = null;
        if (!found)
        {
            throw NotFound();
        }

        var account = (await LoadAsync()).Account!;
        await SendCodeToNewAddressAsync(before, account);
        return account;
    }

    public async Task<TimeSpan?> SendEmailVerificationAsync()
    {
        var account = (await LoadAsync()).Account ?? throw NotFound();
        if (account.Email is not { } email)
        {
            throw new AccountRejectedException(AccountRejection.NoEmail, "The account has no e-mail address to verify: set one first (UpdateProfile).");
        }

        if (account.EmailVerified)
        {
            throw new AccountRejectedException(AccountRejection.EmailVerified, $"The address {email} is verified already.");
        }

        if (!verification.Enabled)
        {
            throw new AccountRejectedException(AccountRejection.MailOff, "This platform sends no e-mail (Nmpi:Mail:Host is not set), so no address can be verified.");
        }

        return await verification.SendAsync(UserId, email);
    }

    public async Task<UserAccount> VerifyEmailAsync(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        _ = (await LoadAsync()).Account ?? throw NotFound();
        var verified = await verification.VerifyAsync(UserId, code);
        _loaded = null;
        return verified
            ? (await LoadAsync()).Account!
            : throw new AccountRejectedException(AccountRejection.WrongVerificationCode,
                "The code is wrong, expired, used already, or was sent to another address: ask for a new one (ResendEmailVerification).");
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

    // A new address gets one code at once (unless one went out within the resend interval: then the user resends later).
    private async Task SendCodeToNewAddressAsync(UserAccount? before, UserAccount after)
    {
        if (after.Email is { } email && !after.EmailVerified && verification.Enabled
            && !string.Equals(before?.Email, email, StringComparison.Ordinal))
        {
            await verification.SendAsync(UserId, email);
        }
    }

    private AccountRejectedException NotFound() => new(AccountRejection.UserNotFound, $"User '{UserId}' not found.");

    private sealed record Loaded(UserAccount? Account, string? PasswordHash, UserAccess? Access, IReadOnlyList<CollabMembership> Memberships);
}
