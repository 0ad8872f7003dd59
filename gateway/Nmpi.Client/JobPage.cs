using Nmpi.Api.V1;

namespace Nmpi.Client;

/// <summary>One page of a job listing; pass NextPageToken to get the next (null on the last page).</summary>
public sealed record JobPage(IReadOnlyList<Job> Jobs, string? NextPageToken, long TotalCount);
