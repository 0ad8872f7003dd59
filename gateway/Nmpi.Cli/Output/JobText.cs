using System.Globalization;
using Nmpi.Api.V1;

namespace Nmpi.Cli.Output;

/// <summary>How jobs read in text: status names, sizes, times and the status block.</summary>
public static class JobText
{
    /// <summary>The status as users say it: submitted, running, finished, ...</summary>
    public static string Status(JobStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>Whether a job has ended (finished, error, cancelled or removed).</summary>
    public static bool IsTerminal(JobStatus status) =>
        status is JobStatus.Finished or JobStatus.Error or JobStatus.Cancelled or JobStatus.Removed;

    /// <summary>A queued job's wait, e.g. "position 2, no site adapter online".</summary>
    public static string? Wait(Job job) =>
        job.Wait is { } wait && !IsTerminal(job.Status) && job.Status != JobStatus.Running
            ? string.IsNullOrEmpty(wait.Message)
                ? $"position {wait.Position}, {wait.Reason.ToString().ToLowerInvariant().Replace('_', ' ')}"
                : $"position {wait.Position}: {wait.Message}"
            : null;

    /// <summary>One line saying where a job is, e.g. "Job 42: running".</summary>
    public static string StatusLine(Job job) =>
        Wait(job) is { } wait ? $"Job {job.Id}: {Status(job.Status)} ({wait})" : $"Job {job.Id}: {Status(job.Status)}";

    /// <summary>A byte count as people read it.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
    };

    /// <summary>A time stamp in the local zone, or "-".</summary>
    public static string Time(Google.Protobuf.WellKnownTypes.Timestamp? at) =>
        at is null ? "-" : at.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The lines of `nmpi status`.</summary>
    public static IEnumerable<string> Details(Job job)
    {
        yield return StatusLine(job);
        yield return $"  platform   {job.HardwarePlatform}";
        yield return $"  collab     {job.Collab}";
        yield return $"  user       {job.UserId}";
        yield return $"  code       {Code(job.Code)}";
        yield return $"  command    {job.Command}";
        if (job.Tags.Count > 0)
        {
            yield return $"  tags       {string.Join(", ", job.Tags)}";
        }

        yield return $"  submitted  {Time(job.TimestampSubmission)}";
        yield return $"  started    {Time(job.TimestampStart)}";
        yield return $"  completed  {Time(job.TimestampCompletion)}";
        if (job.ResourceUsage is { } usage)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"  usage      {usage.Value:0.######} {usage.Units}");
        }

        if (job.Failure is { } failure && failure.Reason != FailureReason.Unspecified)
        {
            yield return $"  failure    {failure.Reason.ToString().ToLowerInvariant().Replace('_', ' ')}: {failure.Message}";
        }

        foreach (var output in job.OutputData)
        {
            yield return $"  output     {output.Path} ({Size(output.Size)})";
        }
    }

    private static string Code(JobCode? code) => code?.SourceCase switch
    {
        JobCode.SourceOneofCase.Inline or JobCode.SourceOneofCase.InlinePreview => "inline script",
        JobCode.SourceOneofCase.ArtifactId => $"code bundle {code.ArtifactId}",
        JobCode.SourceOneofCase.GitUrl => $"git {code.GitUrl}",
        JobCode.SourceOneofCase.ArchiveUrl => $"archive {code.ArchiveUrl}",
        _ => "-",
    };
}
