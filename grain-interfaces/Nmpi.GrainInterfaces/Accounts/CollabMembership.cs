namespace Nmpi.GrainInterfaces.Accounts;

/// <summary>One collab a user belongs to, with their role in it (a line of ListMyCollabs).</summary>
[GenerateSerializer, Immutable, Alias("nmpi.CollabMembership")]
public sealed record CollabMembership(
    [property: Id(0)] string CollabId,
    [property: Id(1)] string Title,
    [property: Id(2)] MemberRole Role,
    [property: Id(3)] bool IsPrivate);
