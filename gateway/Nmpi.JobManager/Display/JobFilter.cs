using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.V1;

namespace Nmpi.JobManager.Display;

/// <summary>
/// The filters of a job list as the query string carries them; <see cref="Page"/> is a ListJobs page token, <see cref="From"/>
/// and <see cref="To"/> are days (YYYY-MM-DD, UTC, both included).
/// </summary>
public sealed record JobFilter(string Status, string Platform, string Tag, string Page, string User = "", string From = "", string To = "")
{
    /// <summary>The query string of this filter on another page (empty token: the first page).</summary>
    public string Query(string page)
    {
        var parts = new List<string>();
        Add(parts, "status", Status);
        Add(parts, "platform", Platform);
        Add(parts, "tag", Tag);
        Add(parts, "user", User);
        Add(parts, "from", From);
        Add(parts, "to", To);
        Add(parts, "page", page);
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    /// <summary>The ListJobs request of this filter, or null with the reasons in <paramref name="errors"/> (each "field: problem").</summary>
    public ListJobsRequest? ToRequest(string collab, int pageSize, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var request = new ListJobsRequest { Collab = collab, HardwarePlatform = Platform, Tag = Tag, UserId = User, PageSize = pageSize, PageToken = Page };
        if (Status.Length > 0)
        {
            if (StatusText.Parse(Status) is { } status)
            {
                request.Status.Add(status);
            }
            else
            {
                errors.Add($"status: no job state is called '{Status}'");
            }
        }

        var from = Day("from", From, errors);
        var to = Day("to", To, errors);
        if (from is { } start)
        {
            request.SubmittedAfter = Timestamp.FromDateTimeOffset(start);
        }

        if (to is { } end)
        {
            request.SubmittedBefore = Timestamp.FromDateTimeOffset(end.AddDays(1));
            if (from is { } first && first > end)
            {
                errors.Add($"to: {To} is before from ({From})");
            }
        }

        return errors.Count == 0 ? request : null;
    }

    private static DateTimeOffset? Day(string name, string text, List<string> errors)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 1970 and < 9999)
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        errors.Add($"{name}: '{text}' is not a date (YYYY-MM-DD)");
        return null;
    }

    private static void Add(List<string> parts, string name, string value)
    {
        if (value.Length > 0)
        {
            parts.Add(name + "=" + Uri.EscapeDataString(value));
        }
    }
}
