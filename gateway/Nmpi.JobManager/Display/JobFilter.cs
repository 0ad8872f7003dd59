namespace Nmpi.JobManager.Display;

/// <summary>The filters of a job list as the query string carries them; <see cref="Page"/> is a ListJobs page token.</summary>
public sealed record JobFilter(string Status, string Platform, string Tag, string Page)
{
    /// <summary>The query string of this filter on another page (empty token: the first page).</summary>
    public string Query(string page)
    {
        var parts = new List<string>();
        Add(parts, "status", Status);
        Add(parts, "platform", Platform);
        Add(parts, "tag", Tag);
        Add(parts, "page", page);
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static void Add(List<string> parts, string name, string value)
    {
        if (value.Length > 0)
        {
            parts.Add(name + "=" + Uri.EscapeDataString(value));
        }
    }
}
