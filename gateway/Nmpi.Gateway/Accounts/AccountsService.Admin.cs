using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.Errors;
using Nmpi.GrainInterfaces.Accounts;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Accounts;

/// <summary>The platform administrators' side of the Accounts service: disabling users, revoking their tokens, and the session signing keys.</summary>
public sealed partial class AccountsService
{
    public override async Task<Wire.User> SetUserDisabled(Wire.SetUserDisabledRequest request, ServerCallContext context)
    {
        var caller = await RequireAdminAsync(context, "disable or enable users");
        RequireUserId(request.UserId);
        if (request.Disabled && string.Equals(request.UserId, caller.UserId, StringComparison.Ordinal))
        {
            // Disabling oneself could leave the platform with no administrator able to undo it.
            throw GatewayErrors.InvalidArgument("user_id", "must not be the caller: another administrator disables an administrator");
        }

        var account = await grains.GetGrain<IUserGrain>(request.UserId).SetDisabledAsync(request.Disabled);
        UserDisabledSet(logger, request.UserId, request.Disabled, caller.UserId);
        return AccountMapper.ToWire(account);
    }

    public override async Task<Wire.RevokeUserTokensResponse> RevokeUserTokens(Wire.RevokeUserTokensRequest request, ServerCallContext context)
    {
        var caller = await RequireAdminAsync(context, "revoke other users' tokens");
        RequireUserId(request.UserId);
        if (await grains.GetGrain<IUserGrain>(request.UserId).GetAccountAsync() is null)
        {
            throw AccountErrors.UserNotFound(request.UserId);
        }

        var revoked = await grains.GetGrain<IAccessTokenGrain>(CallerAuthenticator.TokenKey(BearerOf(context))).RevokeAllOfUserAsync(request.UserId);
        UserTokensRevoked(logger, request.UserId, revoked, caller.UserId);
        return new Wire.RevokeUserTokensResponse { TokensRevoked = revoked };
    }

    public override async Task<Wire.SigningKeyInfo> RotateSigningKey(Wire.RotateSigningKeyRequest request, ServerCallContext context)
    {
        var caller = await RequireAdminAsync(context, "rotate the signing key");
        var key = await grains.GetGrain<ISigningKeyGrain>(0).RotateAsync();

        // This gateway signs with the new key at once; the others within Nmpi:Accounts:SigningKeyRefresh.
        signingKeys.Forget();
        SigningKeyRotated(logger, key.KeyId, caller.UserId);
        return new Wire.SigningKeyInfo { KeyId = key.KeyId, CreatedAt = Timestamp.FromDateTimeOffset(key.CreatedAt) };
    }

    public override async Task<Wire.RetireSigningKeyResponse> RetireSigningKey(Wire.RetireSigningKeyRequest request, ServerCallContext context)
    {
        var caller = await RequireAdminAsync(context, "retire signing keys");
        if (request.KeyId.Length is 0 or > 100)
        {
            throw GatewayErrors.InvalidArgument("key_id", "must be 1 to 100 characters");
        }

        var keys = await grains.GetGrain<ISigningKeyGrain>(0).GetKeysAsync();
        if (!keys.Any(k => string.Equals(k.KeyId, request.KeyId, StringComparison.Ordinal)))
        {
            throw GatewayErrors.NotFound(ErrorReasons.SigningKeyNotFound, $"No active signing key '{request.KeyId}'.", "key_id");
        }

        if (string.Equals(keys[0].KeyId, request.KeyId, StringComparison.Ordinal))
        {
            // The current key signs every new session: it is retired only once another has replaced it.
            throw GatewayErrors.FailedPrecondition(ErrorReasons.SigningKeyCurrent, $"'{request.KeyId}' is the current signing key: rotate first (RotateSigningKey).");
        }

        await grains.GetGrain<ISigningKeyGrain>(0).RetireAsync(request.KeyId);
        signingKeys.Forget();
        SigningKeyRetired(logger, request.KeyId, caller.UserId);
        return new Wire.RetireSigningKeyResponse();
    }

    private async Task<UserPrincipal> RequireAdminAsync(ServerCallContext context, string what)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        return caller.Admin ? caller : throw GatewayErrors.PermissionDenied($"Only platform administrators {what}.");
    }

    private static void RequireUserId(string userId)
    {
        if (userId.Length is 0 or > 200)
        {
            throw GatewayErrors.InvalidArgument("user_id", "must be 1 to 200 characters");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} disabled: {Disabled}, by {ChangedBy}.")]
    private static partial void UserDisabledSet(ILogger logger, string userId, bool disabled, string changedBy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "All {Revoked} token(s) of {UserId} revoked by {RevokedBy}.")]
    private static partial void UserTokensRevoked(ILogger logger, string userId, int revoked, string revokedBy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session signing key rotated to {KeyId} by {RotatedBy}.")]
    private static partial void SigningKeyRotated(ILogger logger, string keyId, string rotatedBy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session signing key {KeyId} retired by {RetiredBy}.")]
    private static partial void SigningKeyRetired(ILogger logger, string keyId, string retiredBy);
}
