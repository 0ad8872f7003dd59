namespace Nmpi.GrainInterfaces.Accounts;

/// <summary>A change to a user's profile; a null field is left as it is.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.ProfileChange")]
public sealed record ProfileChange
{
    /// <summary>The new e-mail address; the empty string clears it.</summary>
    [Id(0)] public string? Email { get; init; }

    /// <summary>The new display name; the empty string clears it.</summary>
    [Id(1)] public string? DisplayName { get; init; }

    [Id(2)] public bool? JobMails { get; init; }
}
