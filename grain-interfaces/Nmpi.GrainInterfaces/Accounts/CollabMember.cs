namespace Nmpi.GrainInterfaces.Accounts;

/// <summary>One member of a collab: who, with which role, added by whom and when.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.CollabMember")]
public sealed record CollabMember(
    [property: Id(0)] string UserId,
    [property: Id(1)] MemberRole Role,
    [property: Id(2)] string AddedBy,
    [property: Id(3)] DateTimeOffset AddedAt);
