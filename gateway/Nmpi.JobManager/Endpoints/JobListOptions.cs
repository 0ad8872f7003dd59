namespace Nmpi.JobManager.Endpoints;

/// <summary>How an open job list learns of changes (section <c>Nmpi:JobManager:JobList</c>).</summary>
public sealed class JobListOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Nmpi:JobManager:JobList";

    /// <summary>
    /// How often an open list asks ListJobs again when the collab's job feed has said nothing: only a feed lost with a
    /// silo needs it, as the feed itself tells of every change at once.
    /// </summary>
    public TimeSpan FeedRecheck { get; set; } = TimeSpan.FromSeconds(30);
}
