using System.Globalization;
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
    public static (RestJobQuery Query, IReadOnlyList<FieldViolation> Violations) Parse(IReadOnlyDictionary<string, StringValues> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var violations = new List<FieldViolation>();
        var statuses = new List<Wire.JobStatus>();
        var names = Values(query, "status");
        foreach (var name in names)
        {
            if (RestStatus.Filter(name) is { } selected)
            {
                statuses.AddRange(selected);
            }
            else
            {
                violations.Add(new("status", $"'{name}' is not a job status (one of {RestStatus.Accepted})"));
            }
        }

        var result = new RestJobQuery
        {
            Statuses = [.. statuses.Distinct()],
            SelectsNothing = names.Count > 0 && statuses.Count == 0,
            Collabs = Values(query, "collab"),
            Platforms = Values(query, "hardware_platform"),

            // v3 names the parameter "tags"; "tag" is accepted as well.
            Tags = [.. Values(query, "tags").Concat(Values(query, "tag")).Distinct(StringComparer.Ordinal)],
            UserIds = Values(query, "user_id"),
            SubmittedAfter = Date(query, "date_range_start", endOfDay: false, violations),
            SubmittedBefore = Date(query, "date_range_end", endOfDay: true, violations),
            Size = Int(query, "size", 10, violations),
            FromIndex = Int(query, "from_index", 0, violations),
            AsAdmin = RestQuery.Bool(query, "as_admin", violations),
        };

        if (result.Size < 0 || result.FromIndex < 0)
        {
            violations.Add(new("size", "size and from_index must be 0 or more"));
        }
        else if ((long)result.Size + result.FromIndex > MaxWindow)
        {
            violations.Add(new("from_index", $"from_index + size must be at most {MaxWindow}"));
        }

        var combinations = (long)Math.Max(1, result.Collabs.Count) * Math.Max(1, result.Platforms.Count)
            * Math.Max(1, result.Tags.Count) * Math.Max(1, result.UserIds.Count);
        if (combinations > MaxCombinations)
        {
            violations.Add(new("collab", $"repeated collab, hardware_platform, tags and user_id filters may combine to at most {MaxCombinations} queries"));
        }

        return (result, violations);
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

    private static List<string> Values(IReadOnlyDictionary<string, StringValues> query, string name) =>
        query.TryGetValue(name, out var values)
            ? [.. values.OfType<string>().Where(v => v.Length > 0 && v is not ("null" or "undefined")).Distinct(StringComparer.Ordinal)]
            : [];

    // A date selects whole days (UTC): the start from its first moment, the end up to its last.
    private static DateTimeOffset? Date(IReadOnlyDictionary<string, StringValues> query, string name, bool endOfDay, List<FieldViolation> violations)
    {
        if (Values(query, name) is not [var text, ..])
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? start.AddDays(1) : start;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
        {
            return moment.ToUniversalTime();
        }

        violations.Add(new(name, $"'{text}' is not a date (YYYY-MM-DD)"));
        return null;
    }

    private static int Int(IReadOnlyDictionary<string, StringValues> query, string name, int fallback, List<FieldViolation> violations)
    {
        if (Values(query, name) is not [var text, ..])
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        violations.Add(new(name, $"'{text}' is not an integer"));
        return fallback;
    }
}
