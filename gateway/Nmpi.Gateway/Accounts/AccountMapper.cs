using Google.Protobuf.WellKnownTypes;
using Nmpi.Gateway.Auth;
using Nmpi.GrainInterfaces.Accounts;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Accounts;

/// <summary>Maps account and collab records of the grains to their wire messages and back.</summary>
public static class AccountMapper
{
    public static Wire.User ToWire(UserAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new Wire.User
        {
            UserId = account.UserId,
            Email = account.Email ?? "",
            DisplayName = account.DisplayName ?? "",
            Admin = account.Admin,
            JobMails = account.JobMails,
            CreatedAt = Timestamp.FromDateTimeOffset(account.CreatedAt),
            HasPassword = account.HasPassword,
            EmailVerified = account.EmailVerified,
        };
    }

    public static Wire.CollabMembership ToWire(CollabMembership membership)
    {
        ArgumentNullException.ThrowIfNull(membership);
        return new Wire.CollabMembership { CollabId = membership.CollabId, Title = membership.Title, Role = ToWire(membership.Role), IsPrivate = membership.IsPrivate };
    }

    public static Wire.Collab ToWire(CollabInfo collab, string callerId)
    {
        ArgumentNullException.ThrowIfNull(collab);
        var wire = new Wire.Collab
        {
            Id = collab.CollabId,
            Title = collab.Title,
            CreatedBy = collab.CreatedBy,
            CreatedAt = Timestamp.FromDateTimeOffset(collab.CreatedAt),
            IsPrivate = collab.PrivateFor is not null,
            MyRole = collab.RoleOf(callerId) is { } role ? ToWire(role) : Wire.CollabRole.Unspecified,
        };
        wire.Members.AddRange(collab.Members.Select(m => new Wire.CollabMember
        {
            UserId = m.UserId,
            Role = ToWire(m.Role),
            AddedBy = m.AddedBy,
            AddedAt = Timestamp.FromDateTimeOffset(m.AddedAt),
        }));
        return wire;
    }

    public static Wire.CollabRole ToWire(CollabRole role) => role switch
    {
        CollabRole.Viewer => Wire.CollabRole.Viewer,
        CollabRole.Editor => Wire.CollabRole.Editor,
        CollabRole.Administrator => Wire.CollabRole.Administrator,
        _ => Wire.CollabRole.Unspecified,
    };

    public static Wire.CollabRole ToWire(MemberRole role) => role switch
    {
        MemberRole.Viewer => Wire.CollabRole.Viewer,
        MemberRole.Editor => Wire.CollabRole.Editor,
        MemberRole.Administrator => Wire.CollabRole.Administrator,
        _ => Wire.CollabRole.Unspecified,
    };

    /// <summary>The grain role of a wire role, or null for unspecified or unknown values.</summary>
    public static MemberRole? ToGrain(Wire.CollabRole role) => role switch
    {
        Wire.CollabRole.Viewer => MemberRole.Viewer,
        Wire.CollabRole.Editor => MemberRole.Editor,
        Wire.CollabRole.Administrator => MemberRole.Administrator,
        _ => null,
    };
}
