namespace Nmpi.Gateway.Auth;

/// <summary>A user's role in a collab; each role includes the rights of the ones below it.</summary>
public enum CollabRole
{
    Viewer = 1,
    Editor = 2,
    Administrator = 3,
}
