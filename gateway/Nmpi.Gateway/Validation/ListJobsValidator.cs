using Nmpi.Api.V1;
using Nmpi.Gateway.Jobs;

namespace Nmpi.Gateway.Validation;

/// <summary>Checks a ListJobsRequest: page size, page token, statuses, filters and the time range.</summary>
public static class ListJobsValidator
{
    public const int MaxPageSize = 500;
    public const int DefaultPageSize = 50;

    /// <summary>Returns every violation found; an empty list means the listing may run.</summary>
    public static IReadOnlyList<FieldViolation> Validate(ListJobsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();

        if (request.PageSize is < 0 or > MaxPageSize)
        {
            violations.Add(new("page_size", $"must be 0 (default {DefaultPageSize}) to {MaxPageSize}"));
        }

        if (request.PageToken.Length > 0 && !PageToken.TryDecode(request.PageToken, out _))
        {
            violations.Add(new("page_token", "is not a token returned by ListJobs"));
        }

        for (var i = 0; i < request.Status.Count; i++)
        {
            var status = request.Status[i];
            if (status == JobStatus.Unspecified || !Enum.IsDefined(status))
            {
                violations.Add(new($"status[{i}]", "is not a known job status"));
            }
        }

        if (request.Collab.Length > 0 && FieldRules.Collab(request.Collab) is { } collabProblem)
        {
            violations.Add(new("collab", collabProblem));
        }

        if (request.HardwarePlatform.Length > 0 && FieldRules.Platform(request.HardwarePlatform) is { } platformProblem)
        {
            violations.Add(new("hardware_platform", platformProblem));
        }

        if (request.Tag.Length > 0 && FieldRules.Tag(request.Tag) is { } tagProblem)
        {
            violations.Add(new("tag", tagProblem));
        }

        if (request.UserId.Length > 200)
        {
            violations.Add(new("user_id", "must be at most 200 characters"));
        }

        var afterOk = CheckTimestamp(request.SubmittedAfter, "submitted_after", violations);
        var beforeOk = CheckTimestamp(request.SubmittedBefore, "submitted_before", violations);
        if (afterOk && beforeOk && request.SubmittedAfter is { } after && request.SubmittedBefore is { } before && after >= before)
        {
            violations.Add(new("submitted_before", "must be later than submitted_after"));
        }

        return violations;
    }

    private static bool CheckTimestamp(Google.Protobuf.WellKnownTypes.Timestamp? value, string field, List<FieldViolation> violations)
    {
        if (value is not null && FieldRules.Timestamp(value) is { } problem)
        {
            violations.Add(new(field, problem));
            return false;
        }

        return true;
    }
}
