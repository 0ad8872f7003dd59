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
}
