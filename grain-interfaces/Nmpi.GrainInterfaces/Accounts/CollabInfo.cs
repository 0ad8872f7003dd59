namespace Nmpi.GrainInterfaces.Accounts;

/// <summary>A collab as stored: id, title, creator, whether it is someone's private collab, and its members.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.CollabInfo")]
public sealed record CollabInfo
{
    [Id(0)] public required string CollabId { get; init; }

    [Id(1)] public required string Title { get; init; }

    [Id(2)] public required string CreatedBy { get; init; }

    [Id(3)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The user whose private-&lt;username&gt; collab this is, or null for a shared collab.</summary>
    [Id(4)] public string? PrivateFor { get; init; }

    /// <summary>The members, sorted by user id (ordinal).</summary>
    [Id(5)] public required IReadOnlyList<CollabMember> Members { get; init; }

    /// <summary>The member's role, or null when the user is not a member.</summary>
    public MemberRole? RoleOf(string userId) => Members.FirstOrDefault(m => string.Equals(m.UserId, userId, StringComparison.Ordinal))?.Role;
}
