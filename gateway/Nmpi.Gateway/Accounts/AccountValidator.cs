using System.Text.RegularExpressions;
using Nmpi.Api.V1;
using Nmpi.Gateway.Validation;

namespace Nmpi.Gateway.Accounts;

/// <summary>Checks the requests of the Accounts service: user ids, passwords, e-mail addresses and display names.</summary>
public static partial class AccountValidator
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 1024;
    public const int MaxEmailLength = 254;
    public const int MaxDisplayNameLength = 200;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex UserIdPattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+$")]
    private static partial Regex EmailPattern();

    /// <summary>True for a well-formed user id: 1 to 64 of a-z 0-9 . _ -, starting with a letter or digit.</summary>
    public static bool IsUserId(string value) => UserIdPattern().IsMatch(value ?? "");

    /// <summary>Username and password are present and of sane length.</summary>
    public static IReadOnlyList<FieldViolation> Validate(LoginRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        if (request.Username.Length is 0 or > 64)
        {
            violations.Add(new("username", "must be 1 to 64 characters"));
        }

        if (request.Password.Length is 0 or > MaxPasswordLength)
        {
            violations.Add(new("password", $"must be 1 to {MaxPasswordLength} characters"));
        }

        return violations;
    }

    /// <summary>A new user has a well-formed id, a password of 8 characters or more, and a sane e-mail and display name.</summary>
    public static IReadOnlyList<FieldViolation> Validate(CreateUserRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        if (!IsUserId(request.UserId))
        {
            violations.Add(new("user_id", "must be 1 to 64 of a-z 0-9 . _ -, starting with a letter or digit"));
        }

        Password(request.Password, "password", violations);
        Email(request.Email, violations);
        DisplayName(request.DisplayName, violations);
        return violations;
    }

    /// <summary>A profile change names a well-formed user (or none) and sane values.</summary>
    public static IReadOnlyList<FieldViolation> Validate(UpdateProfileRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        OptionalUserId(request.UserId, violations);
        if (request.HasEmail)
        {
            Email(request.Email, violations);
        }

        if (request.HasDisplayName)
        {
            DisplayName(request.DisplayName, violations);
        }

        return violations;
    }

    /// <summary>A password change has a new password of 8 characters or more.</summary>
    public static IReadOnlyList<FieldViolation> Validate(SetPasswordRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        OptionalUserId(request.UserId, violations);
        Password(request.NewPassword, "new_password", violations);
        return violations;
    }

    internal static void OptionalUserId(string userId, List<FieldViolation> violations)
    {
        if (userId.Length > 0 && !IsUserId(userId))
        {
            violations.Add(new("user_id", "must be empty (yourself) or a user id of a-z 0-9 . _ -"));
        }
    }

    private static void Password(string password, string field, List<FieldViolation> violations)
    {
        if (password.Length < MinPasswordLength || password.Length > MaxPasswordLength)
        {
            violations.Add(new(field, $"must be {MinPasswordLength} to {MaxPasswordLength} characters"));
        }
    }

    private static void Email(string email, List<FieldViolation> violations)
    {
        if (email.Length > 0 && (email.Length > MaxEmailLength || !EmailPattern().IsMatch(email)))
        {
            violations.Add(new("email", $"must be an address like name@example.org, at most {MaxEmailLength} characters"));
        }
    }

    private static void DisplayName(string name, List<FieldViolation> violations)
    {
        if (name.Length > MaxDisplayNameLength || name.Any(char.IsControl))
        {
            violations.Add(new("display_name", $"must be at most {MaxDisplayNameLength} characters without control characters"));
        }
    }
}
