using System.Text.RegularExpressions;
using Nmpi.Api.V1;
using Nmpi.Gateway.Accounts;
using Nmpi.Gateway.Validation;

namespace Nmpi.Gateway.Collabs;

/// <summary>Checks the requests of the Collabs service: collab ids, titles, user ids and roles.</summary>
public static partial class CollabValidator
{
    public const int MaxTitleLength = 200;

    /// <summary>The prefix reserved for the collab every user has of their own.</summary>
    public const string PrivatePrefix = "private-";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,63}$")]
    private static partial Regex CollabIdPattern();

    /// <summary>A new collab has a well-formed id outside the private- names and a sane title.</summary>
    public static IReadOnlyList<FieldViolation> Validate(CreateCollabRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        if (!CollabIdPattern().IsMatch(request.Id))
        {
            violations.Add(new("id", "must be 2 to 64 of a-z 0-9 . _ -, starting with a letter or digit"));
        }
        else if (request.Id.StartsWith(PrivatePrefix, StringComparison.Ordinal))
        {
            violations.Add(new("id", $"must not start with '{PrivatePrefix}': those are the users' own collabs"));
        }

        if (request.Title.Length > MaxTitleLength || request.Title.Any(char.IsControl))
        {
            violations.Add(new("title", $"must be at most {MaxTitleLength} characters without control characters"));
        }

        return violations;
    }

    /// <summary>Adding a member names a collab, a user and a role.</summary>
    public static IReadOnlyList<FieldViolation> Validate(AddMemberRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Member(request.CollabId, request.UserId, request.Role);
    }

    /// <summary>Changing a role names a collab, a user and a role.</summary>
    public static IReadOnlyList<FieldViolation> Validate(SetMemberRoleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Member(request.CollabId, request.UserId, request.Role);
    }

    /// <summary>Removing a member names a collab and a user.</summary>
    public static IReadOnlyList<FieldViolation> Validate(RemoveMemberRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Member(request.CollabId, request.UserId, CollabRole.Viewer);
    }

    private static List<FieldViolation> Member(string collabId, string userId, CollabRole role)
    {
        var violations = new List<FieldViolation>();
        if (collabId.Length is 0 or > 64)
        {
            violations.Add(new("collab_id", "must be 1 to 64 characters"));
        }

        if (!AccountValidator.IsUserId(userId))
        {
            violations.Add(new("user_id", "must be a user id of a-z 0-9 . _ -"));
        }

        if (AccountMapper.ToGrain(role) is null)
        {
            violations.Add(new("role", "must be viewer, editor or administrator"));
        }

        return violations;
    }
}
