namespace Nmpi.GrainInterfaces.Accounts;

/// <summary>A user's profile as stored in nmpi_users (without the password hash).</summary>
[GenerateSerializer, Immutable, Alias("nmpi.UserAccount")]
public sealed record UserAccount
{
    [Id(0)] public required string UserId { get; init; }

    [Id(1)] public string? Email { get; init; }

    [Id(2)] public string? DisplayName { get; init; }

    [Id(3)] public required bool Admin { get; init; }

    /// <summary>True when the user wants an e-mail when a job of theirs starts and ends.</summary>
    [Id(4)] public required bool JobMails { get; init; }

    [Id(5)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>True when the user may sign in with a password.</summary>
    [Id(6)] public required bool HasPassword { get; init; }

    /// <summary>True once the account is disabled: it authenticates no more.</summary>
    [Id(7)] public bool Disabled { get; init; }

    /// <summary>True once the user proved they read mail at <see cref="Email"/>; only then is mail sent there.</summary>
    [Id(8)] public bool EmailVerified { get; init; }
}
