using Nmpi.Api.V1;

namespace Nmpi.JobManager.Display;

/// <summary>Collab roles as the pages name them; only to decide what to offer, the services decide what is allowed.</summary>
public static class Roles
{
    public static string Label(CollabRole role) => role switch
    {
        CollabRole.Viewer => "viewer",
        CollabRole.Editor => "editor",
        CollabRole.Administrator => "administrator",
        _ => "platform administrator",
    };

    public static bool CanSubmit(CollabRole role) => role is CollabRole.Editor or CollabRole.Administrator;

    /// <summary>Whether to offer submitting to a collab (new job, resubmit, resource requests): its editors and platform administrators.</summary>
    public static bool CanSubmit(CollabRole? role, bool platformAdmin) => platformAdmin || (role is { } r && CanSubmit(r));

    /// <summary>Whether to offer cancel, delete, tags and comments on a job: as the Jobs service allows, its owner or whoever may submit to its collab.</summary>
    public static bool CanChangeJob(CollabRole? role, bool platformAdmin, bool owner) => (owner && role is not null) || CanSubmit(role, platformAdmin);
}
