using Microsoft.Extensions.Primitives;
using Nmpi.Gateway.Validation;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Rest.Jobs;

/// <summary>The filters of GET /jobs/ as v3 takes them: each may repeat (any of its values), different filters all apply.</summary>
public sealed record RestJobQuery
{
    /// <summary>At most this many jobs are looked through for one page (from_index + size).</summary>
    public const int MaxWindow = 10_000;

    /// <summary>At most this many combinations of repeated collab, platform, tag and user filters.</summary>
    public const int MaxCombinations = 64;

    /// <summary>At most this many jobs are loaded for one request (the window once per filter combination).</summary>
    public const int MaxJobsLoaded = 20_000;

    public IReadOnlyList<Wire.JobStatus> Statuses { get; init; } = [];

    /// <summary>True when status filters were given but select nothing of ours (only "mapped").</summary>
    public bool SelectsNothing { get; init; }

    public IReadOnlyList<string> Collabs { get; init; } = [];

    public IReadOnlyList<string> Platforms { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<string> UserIds { get; init; } = [];

    public DateTimeOffset? SubmittedAfter { get; init; }

    public DateTimeOffset? SubmittedBefore { get; init; }

    public int Size { get; init; } = 10;

    public int FromIndex { get; init; }

    public bool AsAdmin { get; init; }

    /// <summary>Reads the query string; the violations name the offending parameters.</summary>
    public static (RestJobQuery Query, IReadOnlyList<FieldViolation> Violations) Parse(IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var query = new RestQuery(parameters);
        var statuses = new List<Wire.JobStatus>();
        var names = query.Values("status");
        foreach (var name in names)
        {
            if (RestStatus.Filter(name) is { } selected)
            {
                statuses.AddRange(selected);
            }
            else
            {
                query.Invalid("status", $"'{name}' is not a job status (one of {RestStatus.Accepted})");
            }
        }

        var result = new RestJobQuery
        {
            Statuses = [.. statuses.Distinct()],
            SelectsNothing = names.Count > 0 && statuses.Count == 0,
            Collabs = query.Values("collab"),
            Platforms = query.Values("hardware_platform"),

            // v3 names the parameter "tags"; "tag" is accepted as well.
            Tags = query.Values("tags", "tag"),
            UserIds = query.Values("user_id"),
            SubmittedAfter = query.Moment("date_range_start", endOfDay: false),
            SubmittedBefore = query.Moment("date_range_end", endOfDay: true),
            Size = query.Int("size", 10),
            FromIndex = query.Int("from_index", 0),
            AsAdmin = query.Bool("as_admin"),
        };

        // One violation per fault: a window already refused is not also measured against the combination budget.
        var windowValid = false;
        if (result.Size < 0)
        {
            query.Invalid("size", "size must be 0 or more");
        }

        if (result.FromIndex < 0)
        {
            query.Invalid("from_index", "from_index must be 0 or more");
        }
        else if (result.Size >= 0 && (long)result.Size + result.FromIndex > MaxWindow)
        {
            query.Invalid("from_index", $"from_index + size must be at most {MaxWindow}");
        }
        else
        {
            windowValid = result.Size >= 0;
        }

        var combinations = (long)Math.Max(1, result.Collabs.Count) * Math.Max(1, result.Platforms.Count)
            * Math.Max(1, result.Tags.Count) * Math.Max(1, result.UserIds.Count);
        if (combinations > MaxCombinations)
        {
            query.Invalid("collab", $"repeated collab, hardware_platform, tags and user_id filters may combine to at most {MaxCombinations} queries");
        }
        else if (windowValid && combinations * ((long)result.Size + result.FromIndex) > MaxJobsLoaded)
        {
            // Each combination is read up to the window: many filters and a deep page multiply the gateway's work.
            query.Invalid("from_index", $"(from_index + size) times the {combinations} filter combinations must be at most {MaxJobsLoaded}; page nearer the start or filter less");
        }

        return (result, query.Violations);
    }

    /// <summary>Our ListJobs requests that together select what this query selects (one per combination of repeated filters).</summary>
    public IEnumerable<Wire.ListJobsRequest> Requests()
    {
        foreach (var collab in OrAny(Collabs))
        {
            foreach (var platform in OrAny(Platforms))
            {
                foreach (var tag in OrAny(Tags))
                {
                    foreach (var user in OrAny(UserIds))
                    {
                        var request = new Wire.ListJobsRequest
                        {
                            Collab = collab,
                            HardwarePlatform = platform,
                            Tag = tag,
                            UserId = user,
                        };
                        request.Status.AddRange(Statuses);
                        if (SubmittedAfter is { } after)
                        {
                            request.SubmittedAfter = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(after);
                        }

                        if (SubmittedBefore is { } before)
                        {
                            request.SubmittedBefore = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(before);
                        }

                        yield return request;
                    }
                }
            }
        }
    }

    private static IEnumerable<string> OrAny(IReadOnlyList<string> values) => values.Count == 0 ? [""] : values;
}
