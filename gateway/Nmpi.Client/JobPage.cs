using Nmpi.Api.V1;

namespace Nmpi.Client;

/// <summary>
/// One page of a job listing; pass NextPageToken to get the next (null on the last page). TotalCount counts the
/// matching jobs up to 10,000; past that TotalCountCapped is true and at least TotalCount jobs match.
/// </summary>
public sealed record JobPage(IReadOnlyList<Job> Jobs, string? NextPageToken, long TotalCount, bool TotalCountCapped = false);
