namespace Nmpi.GrainInterfaces.Accounts;

/// <summary>One user, keyed by user id: their profile, password hash and collab roles, cached from PostgreSQL.</summary>
[Alias("nmpi.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Returns what the user may do, or null when there is no such user or the account is disabled.</summary>
    [Alias("GetAccess")]
    Task<UserAccess?> GetAccessAsync();

    /// <summary>Returns the user's profile, or null when there is no such user.</summary>
    [Alias("GetAccount")]
    Task<UserAccount?> GetAccountAsync();

    /// <summary>Returns the stored password hash, or null when the user is unknown, disabled or has no password.</summary>
    [Alias("GetPasswordHash")]
    Task<string?> GetPasswordHashAsync();

    /// <summary>Creates the user and their private collab (as its administrator); throws UserExists when the id is taken.</summary>
    [Alias("Create")]
    Task<UserAccount> CreateAsync(NewUser user);

    /// <summary>Changes e-mail, display name or the job-mail choice; a new address is unverified and gets a code (see SendEmailVerificationAsync). Throws UserNotFound for an unknown user.</summary>
    [Alias("UpdateProfile")]
    Task<UserAccount> UpdateProfileAsync(ProfileChange change);

    /// <summary>
    /// Sends a new single-use code to the user's unverified address (the old code stops working); returns null when it
    /// was queued, or how long to wait when the last one went out less than the resend interval ago.
    /// Throws NoEmail, EmailVerified or MailOff.
    /// </summary>
    [Alias("SendEmailVerification")]
    Task<TimeSpan?> SendEmailVerificationAsync();

    /// <summary>Marks the address verified when the code is the one last sent to it, unexpired and unused; throws WrongVerificationCode otherwise.</summary>
    [Alias("VerifyEmail")]
    Task<UserAccount> VerifyEmailAsync(string code);

    /// <summary>Replaces the password hash; throws UserNotFound for an unknown user.</summary>
    [Alias("SetPasswordHash")]
    Task SetPasswordHashAsync(string passwordHash);

    /// <summary>Disables the account (it authenticates no more, its tokens included) or enables it again; throws UserNotFound for an unknown user.</summary>
    [Alias("SetDisabled")]
    Task<UserAccount> SetDisabledAsync(bool disabled);

    /// <summary>Lists the collabs the user belongs to with their role, sorted by collab id.</summary>
    [Alias("ListCollabs")]
    Task<IReadOnlyList<CollabMembership>> ListCollabsAsync();

    /// <summary>Forgets the cached rows, so the next call reads them again (sent after a membership change).</summary>
    [Alias("Refresh")]
    Task RefreshAsync();
}
