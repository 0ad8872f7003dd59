using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Grains.Accounts;

/// <summary>The rules a membership change must keep: a collab always has an administrator; a private collab has its owner alone.</summary>
public static class MembershipRules
{
    /// <summary>Returns why setting the user's role would break a rule, or null when it may be done.</summary>
    public static AccountRejection? CheckSetMember(CollabInfo collab, string userId, MemberRole role)
    {
        ArgumentNullException.ThrowIfNull(collab);
        if (collab.PrivateFor is { } owner)
        {
            return !string.Equals(owner, userId, StringComparison.Ordinal) ? AccountRejection.PrivateCollab
                : role != MemberRole.Administrator ? AccountRejection.LastAdministrator
                : null;
        }

        return role != MemberRole.Administrator && IsLastAdministrator(collab, userId) ? AccountRejection.LastAdministrator : null;
    }

    /// <summary>Returns why removing the user would break a rule, or null when it may be done.</summary>
    public static AccountRejection? CheckRemoveMember(CollabInfo collab, string userId)
    {
        ArgumentNullException.ThrowIfNull(collab);
        return IsLastAdministrator(collab, userId) ? AccountRejection.LastAdministrator : null;
    }

    private static bool IsLastAdministrator(CollabInfo collab, string userId) =>
        collab.RoleOf(userId) == MemberRole.Administrator && collab.Members.Count(m => m.Role == MemberRole.Administrator) == 1;
}
