namespace Nmpi.GrainInterfaces.Accounts;

/// <summary>A member's role in a collab; each role includes the rights of the ones below it (stored as 1, 2, 3).</summary>
[GenerateSerializer, Alias("nmpi.MemberRole")]
public enum MemberRole
{
    Viewer = 1,
    Editor = 2,
    Administrator = 3,
}
