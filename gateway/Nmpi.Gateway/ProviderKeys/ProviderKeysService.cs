using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.Validation;
using Nmpi.GrainInterfaces.ProviderKeys;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.ProviderKeys;

/// <summary>The administrators' service for provider API keys: key text is returned once and stored only as a hash.</summary>
public sealed class ProviderKeysService(
    IGrainFactory grains,
    CallerAuthenticator auth,
    TimeProvider time,
    ILogger<ProviderKeysService> logger) : Wire.ProviderKeys.ProviderKeysBase
{
    private const int CreateAttempts = 3;

    public override async Task<Wire.CreateProviderKeyResponse> CreateProviderKey(Wire.CreateProviderKeyRequest request, ServerCallContext context)
    {
        var admin = await RequireAdminAsync(context);
        Throw(ProviderKeyRequestValidator.Validate(request));
        for (var attempt = 0; attempt < CreateAttempts; attempt++)
        {
            var (keyId, text) = ProviderKeyFormat.Generate();
            var key = await grains.GetGrain<IProviderKeyGrain>(keyId)
                .CreateAsync(new NewProviderKey(ProviderKeyFormat.Hash(text), request.Site, [.. request.Platforms], request.Label, admin.UserId));
            if (key is not null)
            {
                ProviderKeyLog.Created(logger, keyId, key.Site, string.Join(",", key.Platforms), admin.UserId);
                return new Wire.CreateProviderKeyResponse { Key = text, ProviderKey = ProviderKeyMapper.ToWire(key, time.GetUtcNow()) };
            }
        }

        // Three taken 64-bit random ids in a row: the generator is broken, and the interceptor answers INTERNAL.
        throw new InvalidOperationException("Could not find a free provider key id.");
    }

    public override async Task<Wire.ListProviderKeysResponse> ListProviderKeys(Wire.ListProviderKeysRequest request, ServerCallContext context)
    {
        await RequireAdminAsync(context);
        Throw(ProviderKeyRequestValidator.Validate(request));
        var keys = await grains.GetGrain<IProviderKeyListGrain>(0).ListAsync(request.Site, request.IncludeRevoked);
        var now = time.GetUtcNow();
        var response = new Wire.ListProviderKeysResponse();
        response.ProviderKeys.AddRange(keys.Select(k => ProviderKeyMapper.ToWire(k, now)));
        return response;
    }

    public override async Task<Wire.ProviderKey> RevokeProviderKey(Wire.RevokeProviderKeyRequest request, ServerCallContext context)
    {
        var admin = await RequireAdminAsync(context);
        Throw(ProviderKeyRequestValidator.Validate(request));
        var key = await grains.GetGrain<IProviderKeyGrain>(request.KeyId).RevokeAsync() ?? throw NotFound(request.KeyId);
        ProviderKeyLog.Revoked(logger, key.KeyId, admin.UserId);
        return ProviderKeyMapper.ToWire(key, time.GetUtcNow());
    }

    public override async Task<Wire.RotateProviderKeyResponse> RotateProviderKey(Wire.RotateProviderKeyRequest request, ServerCallContext context)
    {
        var admin = await RequireAdminAsync(context);
        Throw(ProviderKeyRequestValidator.Validate(request));
        var grace = request.Grace?.ToTimeSpan() ?? TimeSpan.Zero;
        var (newKeyId, text) = ProviderKeyFormat.Generate();
        var rotation = await grains.GetGrain<IProviderKeyGrain>(request.KeyId)
            .RotateAsync(newKeyId, ProviderKeyFormat.Hash(text), grace, admin.UserId);
        switch (rotation.Outcome)
        {
            case RotationOutcome.NotFound:
                throw NotFound(request.KeyId);
            case RotationOutcome.Revoked:
                throw GatewayErrors.FailedPrecondition(ErrorReasons.ProviderKeyEnded, $"Provider key {request.KeyId} has ended; create a new key instead.");
            case RotationOutcome.AlreadyRotated:
                throw GatewayErrors.FailedPrecondition(
                    ErrorReasons.ProviderKeyRotated, $"Provider key {request.KeyId} was already rotated to {rotation.Old?.ReplacedBy}; rotate that key instead.");
        }

        var created = rotation.New ?? throw new InvalidOperationException($"Rotation of {request.KeyId} stored no new key.");
        var old = rotation.Old ?? throw new InvalidOperationException($"Rotation of {request.KeyId} lost the old key.");
        ProviderKeyLog.Rotated(logger, old.KeyId, created.KeyId, admin.UserId, old.RevokedAt);
        var now = time.GetUtcNow();
        return new Wire.RotateProviderKeyResponse
        {
            Key = text,
            ProviderKey = ProviderKeyMapper.ToWire(created, now),
            Replaced = ProviderKeyMapper.ToWire(old, now),
        };
    }

    private async Task<UserPrincipal> RequireAdminAsync(ServerCallContext context)
    {
        var user = await auth.AuthenticateUserAsync(context);
        return user.Admin
            ? user
            : throw GatewayErrors.PermissionDenied("Only platform administrators manage provider API keys.");
    }

    private static RpcException NotFound(string keyId) =>
        GatewayErrors.NotFound(ErrorReasons.ProviderKeyNotFound, $"Provider key {keyId} not found.", "key_id");

    private static void Throw(IReadOnlyList<FieldViolation> violations)
    {
        if (violations.Count > 0)
        {
            throw GatewayErrors.InvalidArgument(violations);
        }
    }
}
