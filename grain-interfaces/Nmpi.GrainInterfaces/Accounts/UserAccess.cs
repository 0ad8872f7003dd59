namespace Nmpi.GrainInterfaces.Accounts;

/// <summary>What an active user may do: the platform-admin flag and the role in every collab they belong to.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.UserAccess")]
public sealed record UserAccess
{
    [Id(0)] public required string UserId { get; init; }

    [Id(1)] public required bool Admin { get; init; }

    /// <summary>The user's role per collab id.</summary>
    [Id(2)] public required IReadOnlyDictionary<string, MemberRole> Roles { get; init; }
}
