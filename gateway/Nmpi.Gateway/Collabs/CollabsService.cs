using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nmpi.Gateway.Accounts;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.Errors;
using Nmpi.GrainInterfaces.Accounts;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Collabs;

/// <summary>The Collabs gRPC service: members see a collab, its administrators (and platform administrators) manage members.</summary>
public sealed partial class CollabsService(IGrainFactory grains, CallerAuthenticator auth, ILogger<CollabsService> logger) : Wire.Collabs.CollabsBase
{
    public override async Task<Wire.Collab> CreateCollab(Wire.CreateCollabRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(CollabValidator.Validate(request));
        var title = string.IsNullOrWhiteSpace(request.Title) ? request.Id : request.Title.Trim();
        var collab = await grains.GetGrain<ICollabGrain>(request.Id).CreateAsync(title, caller.UserId);
        CollabCreated(logger, collab.CollabId, caller.UserId);
        return AccountMapper.ToWire(collab, caller.UserId);
    }

    public override async Task<Wire.Collab> GetCollab(Wire.GetCollabRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        return AccountMapper.ToWire(await LoadVisibleAsync(request.Id, caller), caller.UserId);
    }

    public override async Task<Wire.ListMyCollabsResponse> ListMyCollabs(Wire.ListMyCollabsRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        var response = new Wire.ListMyCollabsResponse();
        var stored = (await grains.GetGrain<IUserGrain>(caller.UserId).ListCollabsAsync()).Select(AccountMapper.ToWire).ToList();
        response.Collabs.AddRange(stored);

        // A user of the external identity provider holds roles by the teams in their token, in collabs this platform may
        // have no record of: they are theirs as much as the stored ones (the tenancy rules grant them), so list them too.
        var listed = stored.Select(c => c.CollabId).ToHashSet(StringComparer.Ordinal);
        response.Collabs.AddRange(caller.Roles
            .Where(role => !listed.Contains(role.Key))
            .OrderBy(role => role.Key, StringComparer.Ordinal)
            .Select(role => new Wire.CollabMembership { CollabId = role.Key, Title = role.Key, Role = AccountMapper.ToWire(role.Value) }));
        return response;
    }

    public override async Task<Wire.Collab> AddMember(Wire.AddMemberRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(CollabValidator.Validate(request));
        var collab = await LoadManagedAsync(request.CollabId, caller);
        if (await grains.GetGrain<IUserGrain>(request.UserId).GetAccountAsync() is null)
        {
            throw AccountErrors.UserNotFound(request.UserId);
        }

        var role = AccountMapper.ToGrain(request.Role)!.Value;
        var changed = await grains.GetGrain<ICollabGrain>(collab.CollabId).SetMemberAsync(request.UserId, role, caller.UserId);
        MemberSet(logger, request.UserId, collab.CollabId, role, caller.UserId);
        return AccountMapper.ToWire(changed, caller.UserId);
    }

    public override async Task<Wire.Collab> SetMemberRole(Wire.SetMemberRoleRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(CollabValidator.Validate(request));
        var collab = await LoadManagedAsync(request.CollabId, caller);
        if (collab.RoleOf(request.UserId) is null)
        {
            throw GatewayErrors.NotFound(ErrorReasons.UserNotFound, $"'{request.UserId}' is not a member of collab '{collab.CollabId}'.", "user_id");
        }

        var role = AccountMapper.ToGrain(request.Role)!.Value;
        var changed = await grains.GetGrain<ICollabGrain>(collab.CollabId).SetMemberAsync(request.UserId, role, caller.UserId);
        MemberSet(logger, request.UserId, collab.CollabId, role, caller.UserId);
        return AccountMapper.ToWire(changed, caller.UserId);
    }

    public override async Task<Wire.Collab> RemoveMember(Wire.RemoveMemberRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(CollabValidator.Validate(request));
        // Members may leave a collab on their own; removing others takes the administrator role.
        var collab = string.Equals(request.UserId, caller.UserId, StringComparison.Ordinal)
            ? await LoadVisibleAsync(request.CollabId, caller)
            : await LoadManagedAsync(request.CollabId, caller);
        if (collab.RoleOf(request.UserId) is null)
        {
            throw GatewayErrors.NotFound(ErrorReasons.UserNotFound, $"'{request.UserId}' is not a member of collab '{collab.CollabId}'.", "user_id");
        }

        var changed = await grains.GetGrain<ICollabGrain>(collab.CollabId).RemoveMemberAsync(request.UserId);
        MemberRemoved(logger, request.UserId, collab.CollabId, caller.UserId);
        return AccountMapper.ToWire(changed, caller.UserId);
    }

    /// <summary>Loads a collab the caller may see; a missing collab and a hidden one answer the same NOT_FOUND.</summary>
    private async Task<CollabInfo> LoadVisibleAsync(string collabId, UserPrincipal caller)
    {
        var collab = collabId.Length is > 0 and <= 64 && caller.CanView(collabId) ? await grains.GetGrain<ICollabGrain>(collabId).GetAsync() : null;
        return collab ?? throw AccountErrors.CollabNotFound(collabId);
    }

    private async Task<CollabInfo> LoadManagedAsync(string collabId, UserPrincipal caller)
    {
        var collab = await LoadVisibleAsync(collabId, caller);
        return caller.CanManage(collabId)
            ? collab
            : throw GatewayErrors.PermissionDenied($"Managing the members of collab '{collabId}' needs its administrator role.");
    }

    private static void Throw(IReadOnlyList<Validation.FieldViolation> violations)
    {
        if (violations.Count > 0)
        {
            throw GatewayErrors.InvalidArgument(violations);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Collab {CollabId} created by {UserId}.")]
    private static partial void CollabCreated(ILogger logger, string collabId, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{UserId} is {Role} of collab {CollabId} (set by {ChangedBy}).")]
    private static partial void MemberSet(ILogger logger, string userId, string collabId, MemberRole role, string changedBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "{UserId} removed from collab {CollabId} by {ChangedBy}.")]
    private static partial void MemberRemoved(ILogger logger, string userId, string collabId, string changedBy);
}
