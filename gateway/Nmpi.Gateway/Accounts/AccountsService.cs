using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.Errors;
using Nmpi.GrainInterfaces.Accounts;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Accounts;

/// <summary>The Accounts gRPC service: login and token renewal, profiles, passwords, and user creation by platform administrators.</summary>
public sealed partial class AccountsService(
    IGrainFactory grains,
    CallerAuthenticator auth,
    SigningKeyCache signingKeys,
    LoginThrottle throttle,
    PasswordHashing hashing,
    IOptions<AccountOptions> options,
    TimeProvider time,
    ILogger<AccountsService> logger) : Wire.Accounts.AccountsBase
{
    public override async Task<Wire.TokenResponse> Login(Wire.LoginRequest request, ServerCallContext context)
    {
        Throw(AccountValidator.Validate(request));
        var address = PeerAddress.Of(context.Peer);
        if (throttle.Wait(request.Username, address) is { } wait)
        {
            LoginThrottled(logger, address);
            throw GatewayErrors.RetryLater(ErrorReasons.SignInThrottled, wait, "Too many wrong passwords for this username or from this address.");
        }

        // An unknown username is checked against a decoy: the same hashing work, so the answer's cost tells nothing.
        var stored = AccountValidator.IsUserId(request.Username) ? await grains.GetGrain<IUserGrain>(request.Username).GetPasswordHashAsync() : null;
        if (!await hashing.VerifyAsync(request.Password, stored))
        {
            throttle.Failed(request.Username, address);
            LoginRefused(logger);
            throw AccountErrors.LoginFailed();
        }

        throttle.Succeeded(request.Username);
        return await IssueAsync(request.Username, time.GetUtcNow());
    }

    public override async Task<Wire.TokenResponse> RenewToken(Wire.RenewTokenRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);

        // The provider's token ends when the provider says; a session of ours would outlive it (and sign-out there).
        if (caller.IsExternal)
        {
            throw GatewayErrors.FailedPrecondition(ErrorReasons.WrongCredentialKind,
                "A token of the external identity provider cannot be renewed here: get a new one from the provider.");
        }

        // A session renewed stays within the maximum from its sign-in; a personal access token is a sign-in of its own.
        var bearer = BearerOf(context);
        var signedInAt = SessionToken.LooksLikeJwt(bearer) ? SessionToken.AuthTime(bearer) ?? time.GetUtcNow() : time.GetUtcNow();
        return await IssueAsync(caller.UserId, signedInAt);
    }

    public override async Task<Wire.WhoAmIResponse> WhoAmI(Wire.WhoAmIRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        if (caller.IsExternal)
        {
            // The provider's users have no account row here: who they are and their collabs come from the token.
            var external = new Wire.WhoAmIResponse { User = new Wire.User { UserId = caller.UserId, Admin = caller.Admin } };
            external.Collabs.AddRange(caller.Roles.OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => new Wire.CollabMembership { CollabId = r.Key, Title = r.Key, Role = AccountMapper.ToWire(r.Value) }));
            return external;
        }

        var user = grains.GetGrain<IUserGrain>(caller.UserId);
        var account = await user.GetAccountAsync() ?? throw GatewayErrors.Unauthenticated("Unknown, expired or revoked bearer token.");
        var response = new Wire.WhoAmIResponse { User = AccountMapper.ToWire(account) };
        response.Collabs.AddRange((await user.ListCollabsAsync()).Select(AccountMapper.ToWire));
        return response;
    }

    public override async Task<Wire.User> CreateUser(Wire.CreateUserRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        if (!caller.Admin)
        {
            throw GatewayErrors.PermissionDenied("Only platform administrators create users.");
        }

        Throw(AccountValidator.Validate(request));
        var account = await grains.GetGrain<IUserGrain>(request.UserId).CreateAsync(new NewUser
        {
            Email = NullIfEmpty(request.Email),
            DisplayName = NullIfEmpty(request.DisplayName),
            Admin = request.Admin,
            PasswordHash = await hashing.CreateAsync(request.Password),
            CreatedBy = caller.UserId,
        });
        UserCreated(logger, account.UserId, caller.UserId);
        return AccountMapper.ToWire(account);
    }

    public override async Task<Wire.User> GetUser(Wire.GetUserRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        var target = Target(caller, request.UserId);
        return AccountMapper.ToWire(await grains.GetGrain<IUserGrain>(target).GetAccountAsync() ?? throw AccountErrors.UserNotFound(target));
    }

    public override async Task<Wire.User> UpdateProfile(Wire.UpdateProfileRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(AccountValidator.Validate(request));
        var target = Target(caller, request.UserId);
        var change = new ProfileChange
        {
            Email = request.HasEmail ? request.Email : null,
            DisplayName = request.HasDisplayName ? request.DisplayName : null,
            JobMails = request.HasJobMails ? request.JobMails : null,
        };
        return AccountMapper.ToWire(await grains.GetGrain<IUserGrain>(target).UpdateProfileAsync(change));
    }

    public override async Task<Wire.SetPasswordResponse> SetPassword(Wire.SetPasswordRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(AccountValidator.Validate(request));
        var target = Target(caller, request.UserId);
        var user = grains.GetGrain<IUserGrain>(target);
        if (caller.IsExternal)
        {
            throw GatewayErrors.FailedPrecondition(ErrorReasons.WrongCredentialKind,
                "Users of the external identity provider have no password here: change it at the provider.");
        }

        // One's own password changes only with the current one; an account without one (token-only) gets its first from an administrator.
        if (string.Equals(target, caller.UserId, StringComparison.Ordinal))
        {
            if (await user.GetPasswordHashAsync() is not { } current)
            {
                throw GatewayErrors.FailedPrecondition(ErrorReasons.NoPassword,
                    "This account has no password, so none can be checked: a platform administrator sets the first one.");
            }

            if (!await hashing.VerifyAsync(request.CurrentPassword, current))
            {
                throw GatewayErrors.PermissionDenied("The current password is wrong.", field: "current_password");
            }
        }

        await user.SetPasswordHashAsync(await hashing.CreateAsync(request.NewPassword));

        // The old password may be what leaked: every other session of the user ends, the caller's current token stays.
        var ended = await grains.GetGrain<IAccessTokenGrain>(CallerAuthenticator.TokenKey(BearerOf(context))).RevokeSessionsAsync(target, includeThis: false);
        PasswordSet(logger, target, caller.UserId, ended);
        return new Wire.SetPasswordResponse { SessionsRevoked = ended };
    }

    public override async Task<Wire.LogoutResponse> Logout(Wire.LogoutRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        var bearer = BearerOf(context);
        var token = grains.GetGrain<IAccessTokenGrain>(CallerAuthenticator.TokenKey(bearer));
        if (SessionToken.LooksLikeJwt(bearer))
        {
            // The caller is authenticated, so a JWT that is not a valid session token came from the external issuer.
            var (check, _, expiresAt) = await signingKeys.CheckAsync(bearer);
            if (check != SessionTokenCheck.Valid)
            {
                throw GatewayErrors.FailedPrecondition(ErrorReasons.WrongCredentialKind,
                    "The token was issued by the external OpenID Connect provider and cannot be revoked here: sign out at the provider; the token ends when it expires.");
            }

            // A session token issued before sessions were recorded is recorded now, so it can be revoked.
            await token.IssueAsync(caller.UserId, IAccessTokenGrain.SessionLabel, expiresAt);
        }

        var revoked = request.AllSessions ? await token.RevokeSessionsAsync(caller.UserId, includeThis: true) : 0;
        if (await token.RevokeAsync())
        {
            revoked++;
        }

        LoggedOut(logger, caller.UserId, revoked);
        return new Wire.LogoutResponse { TokensRevoked = revoked };
    }

    private static string Target(UserPrincipal caller, string requested)
    {
        if (requested.Length == 0 || string.Equals(requested, caller.UserId, StringComparison.Ordinal))
        {
            return caller.UserId;
        }

        // Other users' accounts exist only for platform administrators.
        return caller.Admin ? requested : throw AccountErrors.UserNotFound(requested);
    }

    private async Task<Wire.TokenResponse> IssueAsync(string userId, DateTimeOffset signedInAt)
    {
        var now = time.GetUtcNow();
        var expiresAt = SessionLifetime.ExpiresAt(signedInAt, now, options.Value.TokenLifetime, options.Value.MaxSessionLifetime)
            ?? throw GatewayErrors.Unauthenticated(
                $"The session reached its maximum lifetime ({options.Value.MaxSessionLifetime}) since signing in: sign in again (Accounts.Login).",
                ErrorReasons.TokenExpired);
        var keys = await signingKeys.GetAsync();
        var token = SessionToken.Issue(keys[0], userId, now, expiresAt - now, signedInAt);

        // Recorded so that Logout and SetPassword can revoke it.
        await grains.GetGrain<IAccessTokenGrain>(CallerAuthenticator.TokenKey(token)).IssueAsync(userId, IAccessTokenGrain.SessionLabel, expiresAt);
        return new Wire.TokenResponse
        {
            Token = token,
            ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt),
            UserId = userId,
        };
    }

    // The bearer token of a call that has been authenticated already.
    private static string BearerOf(ServerCallContext context) => CallerAuthenticator.Bearer(context.RequestHeaders) ?? "";

    private static void Throw(IReadOnlyList<Validation.FieldViolation> violations)
    {
        if (violations.Count > 0)
        {
            throw GatewayErrors.InvalidArgument(violations);
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login throttled for a username or the address {Address}.")]
    private static partial void LoginThrottled(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Login refused: wrong username or password.")]
    private static partial void LoginRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} created by {CreatedBy}.")]
    private static partial void UserCreated(ILogger logger, string userId, string createdBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Password of {UserId} set by {SetBy}; {Revoked} other session token(s) revoked.")]
    private static partial void PasswordSet(ILogger logger, string userId, string setBy, int revoked);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} signed out; {Revoked} token(s) revoked.")]
    private static partial void LoggedOut(ILogger logger, string userId, int revoked);
}
