namespace Nmpi.GrainInterfaces.Accounts;

/// <summary>What creating a user stores: profile, admin flag and an already hashed initial password.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.NewUser")]
public sealed record NewUser
{
    [Id(0)] public string? Email { get; init; }

    [Id(1)] public string? DisplayName { get; init; }

    [Id(2)] public bool Admin { get; init; }

    /// <summary>A <see cref="PasswordHash"/> string, or null for a user without a password.</summary>
    [Id(3)] public string? PasswordHash { get; init; }

    /// <summary>Who creates the user (a platform administrator, or "configuration").</summary>
    [Id(4)] public required string CreatedBy { get; init; }
}
