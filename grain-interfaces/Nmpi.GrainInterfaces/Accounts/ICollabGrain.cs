namespace Nmpi.GrainInterfaces.Accounts;

/// <summary>One collab, keyed by collab id: its members and their roles, cached from PostgreSQL.</summary>
/// <remarks>The grain enforces the membership rules; who may ask for a change is checked by the caller (the gateway).</remarks>
[Alias("nmpi.ICollabGrain")]
public interface ICollabGrain : IGrainWithStringKey
{
    /// <summary>Returns the collab with its members, or null when there is none.</summary>
    [Alias("Get")]
    Task<CollabInfo?> GetAsync();

    /// <summary>Creates a shared collab with its creator as administrator; throws CollabExists when the id is taken.</summary>
    [Alias("Create")]
    Task<CollabInfo> CreateAsync(string title, string creator);

    /// <summary>Adds a member or changes their role; refuses private collabs and demoting the last administrator.</summary>
    [Alias("SetMember")]
    Task<CollabInfo> SetMemberAsync(string userId, MemberRole role, string changedBy);

    /// <summary>Removes a member; refuses removing the last administrator. Removing a non-member changes nothing.</summary>
    [Alias("RemoveMember")]
    Task<CollabInfo> RemoveMemberAsync(string userId);
}
