using Nmpi.Api.V1;

namespace Nmpi.Gateway.Validation;

/// <summary>Checks the requests that change a job a user can see: comments, tags and cancel reasons.</summary>
public static class JobEditValidator
{
    public const int MaxCommentLength = 10_000;
    public const int MaxReasonLength = 1_000;

    /// <summary>A comment is 1 to 10,000 characters and not only whitespace.</summary>
    public static IReadOnlyList<FieldViolation> Validate(AddCommentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > MaxCommentLength
            ? [new("text", $"must be 1 to {MaxCommentLength} characters and not only whitespace")]
            : [];
    }

    /// <summary>A changed comment follows the rules of a new one and names a comment.</summary>
    public static IReadOnlyList<FieldViolation> Validate(UpdateCommentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        if (request.CommentId <= 0)
        {
            violations.Add(new("comment_id", "must name a comment (1 or more)"));
        }

        violations.AddRange(Validate(new AddCommentRequest { Id = request.Id, Text = request.Text }));
        return violations;
    }

    /// <summary>Tags to add and remove follow the submit rules; at least one change is asked for.</summary>
    public static IReadOnlyList<FieldViolation> Validate(UpdateTagsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        if (request.Add.Count == 0 && request.Remove.Count == 0)
        {
            violations.Add(new("add", "name at least one tag to add or remove"));
        }

        FieldRules.Tags(request.Add, "add", violations);
        FieldRules.Tags(request.Remove, "remove", violations);
        return violations;
    }

    /// <summary>A cancel reason is optional and at most 1,000 characters.</summary>
    public static IReadOnlyList<FieldViolation> Validate(CancelJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Reason.Length > MaxReasonLength
            ? [new("reason", $"must be at most {MaxReasonLength} characters")]
            : [];
    }
}
