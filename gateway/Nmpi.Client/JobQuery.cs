using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.V1;

namespace Nmpi.Client;

/// <summary>Which jobs to list; every filter is optional and they combine with AND.</summary>
public sealed record JobQuery
{
    /// <summary>Queued jobs: submitted or validated (handed to a site, not started).</summary>
    public static readonly IReadOnlyList<JobStatus> Queued = [JobStatus.Submitted, JobStatus.Validated];

    /// <summary>Completed jobs: finished, error or cancelled.</summary>
    public static readonly IReadOnlyList<JobStatus> Completed = [JobStatus.Finished, JobStatus.Error, JobStatus.Cancelled];

    public string? Collab { get; init; }

    public IReadOnlyList<JobStatus> Statuses { get; init; } = [];

    public string? Platform { get; init; }

    public string? Tag { get; init; }

    public string? UserId { get; init; }

    public DateTimeOffset? SubmittedAfter { get; init; }

    public DateTimeOffset? SubmittedBefore { get; init; }

    /// <summary>Jobs per page, 1 to 500.</summary>
    public int PageSize { get; init; } = 100;

    internal ListJobsRequest ToRequest(string? pageToken)
    {
        var request = new ListJobsRequest
        {
            Collab = Collab ?? "",
            HardwarePlatform = Platform ?? "",
            Tag = Tag ?? "",
            UserId = UserId ?? "",
            PageSize = PageSize,
            PageToken = pageToken ?? "",
        };
        request.Status.AddRange(Statuses);
        if (SubmittedAfter is { } after)
        {
            request.SubmittedAfter = Timestamp.FromDateTimeOffset(after);
        }

        if (SubmittedBefore is { } before)
        {
            request.SubmittedBefore = Timestamp.FromDateTimeOffset(before);
        }

        return request;
    }
}
