using System.Globalization;
using System.Text;
using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Grains.Notifications;

/// <summary>Writes the messages a submitter gets when their job starts and ends; pure.</summary>
public static class JobMailFormatter
{
    /// <summary>Output files listed by name; the rest are counted.</summary>
    public const int MaxListedOutputs = 50;

    private const string Footer = "You get these messages for the jobs you submit; job mails can be turned off for your account.";

    /// <summary>The message that the job started running.</summary>
    public static OutgoingMail Started(JobSnapshot job, MailRecipient to, string webBaseAddress)
    {
        var started = job.StartedAt ?? job.History.LastOrDefault(m => m.To == JobStatus.Running)?.At ?? job.SubmittedAt;
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Hello {to.Greeting},\n\n")
            .Append(CultureInfo.InvariantCulture, $"your job {job.Id} on {job.Spec.Platform} (collab {job.Spec.Collab}) started running at {MailText.Time(started)}")
            .Append(CultureInfo.InvariantCulture, $" after {MailText.Duration(started - job.SubmittedAt)} in the queue.\n\n")
            .Append(CultureInfo.InvariantCulture, $"Follow its log with:\n    nmpi log {job.Id} -f\n");
        AppendAddress(body, job, webBaseAddress);
        body.Append('\n').Append(Footer).Append('\n');
        var subject = $"[NMPI] Job {job.Id} started on {job.Spec.Platform}";
        return new OutgoingMail(JobMailRules.DedupKey(job.Id, JobMailKind.Started, job.Spec.UserId), "job-started", to.Email, subject, body.ToString());
    }

    /// <summary>The message that the job ended, with its outcome, duration, outputs and the end of its log.</summary>
    public static OutgoingMail Ended(JobSnapshot job, MailRecipient to, IReadOnlyList<string> logTail, string webBaseAddress)
    {
        var status = job.Status switch
        {
            JobStatus.Finished => "finished",
            JobStatus.Error => "failed",
            JobStatus.Cancelled => "was cancelled",
            _ => job.Status.ToString().ToLowerInvariant(),
        };
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Hello {to.Greeting},\n\n")
            .Append(CultureInfo.InvariantCulture, $"your job {job.Id} on {job.Spec.Platform} (collab {job.Spec.Collab}) {status}.\n\n")
            .Append(CultureInfo.InvariantCulture, $"Status:     {job.Status.ToString().ToLowerInvariant()}\n");
        if (job.Status == JobStatus.Error)
        {
            body.Append(CultureInfo.InvariantCulture, $"Reason:     {MailText.Reason(job.FailureReason)}")
                .Append(job.FailureMessage is { Length: > 0 } message ? $": {message}" : "")
                .Append('\n');
        }
        else if (job.Status == JobStatus.Cancelled
            && (job.History.LastOrDefault(m => m.To == JobStatus.Cancelling) ?? job.History.LastOrDefault(m => m.To == JobStatus.Cancelled)) is { } cancel)
        {
            body.Append(CultureInfo.InvariantCulture, $"Cancelled:  by {cancel.By}: {cancel.Why}\n");
        }

        body.Append(CultureInfo.InvariantCulture, $"Submitted:  {MailText.Time(job.SubmittedAt)}\n");
        if (job.StartedAt is { } startedAt)
        {
            body.Append(CultureInfo.InvariantCulture, $"Started:    {MailText.Time(startedAt)}\n");
        }

        if (job.CompletedAt is { } completedAt)
        {
            body.Append(CultureInfo.InvariantCulture, $"Ended:      {MailText.Time(completedAt)}\n");
            if (job.StartedAt is { } from)
            {
                body.Append(CultureInfo.InvariantCulture, $"Duration:   {MailText.Duration(completedAt - from)}\n");
            }
        }

        if (job.ResourceUsage is { } usage)
        {
            body.Append(CultureInfo.InvariantCulture, $"Used:       {MailText.Amount(usage.Value)} {usage.Units}\n");
        }

        AppendOutputs(body, job);
        AppendAddress(body, job, webBaseAddress);
        AppendLog(body, logTail);
        body.Append('\n').Append(Footer).Append('\n');
        var subject = job.Status == JobStatus.Error
            ? $"[NMPI] Job {job.Id} failed on {job.Spec.Platform}: {MailText.Reason(job.FailureReason)}"
            : $"[NMPI] Job {job.Id} {status} on {job.Spec.Platform}";
        return new OutgoingMail(JobMailRules.DedupKey(job.Id, JobMailKind.Ended, job.Spec.UserId), "job-ended", to.Email, subject, body.ToString());
    }

    /// <summary>The job's page under the platform's web address, or null when no address is configured.</summary>
    public static string? Address(long jobId, string webBaseAddress) =>
        string.IsNullOrWhiteSpace(webBaseAddress)
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{webBaseAddress.TrimEnd('/')}/jobs/{jobId}");

    private static void AppendOutputs(StringBuilder body, JobSnapshot job)
    {
        if (job.Outputs.Count == 0)
        {
            body.Append("\nThe job stored no output files.\n");
        }
        else
        {
            body.Append(CultureInfo.InvariantCulture, $"\nOutput files ({job.Outputs.Count}):\n");
            foreach (var file in job.Outputs.Take(MaxListedOutputs))
            {
                body.Append(CultureInfo.InvariantCulture, $"    {file.Path} ({MailText.Size(file.Size)})\n");
            }

            if (job.Outputs.Count > MaxListedOutputs)
            {
                body.Append(CultureInfo.InvariantCulture, $"    … and {job.Outputs.Count - MaxListedOutputs} more\n");
            }
        }

        body.Append(CultureInfo.InvariantCulture, $"\nDownload the outputs and the log with:\n    nmpi download {job.Id}\n");
    }

    private static void AppendAddress(StringBuilder body, JobSnapshot job, string webBaseAddress)
    {
        if (Address(job.Id, webBaseAddress) is { } address)
        {
            body.Append(CultureInfo.InvariantCulture, $"\nThe job on the web:\n    {address}\n");
        }
    }

    private static void AppendLog(StringBuilder body, IReadOnlyList<string> logTail)
    {
        if (logTail.Count == 0)
        {
            body.Append("\nThe job wrote no log.\n");
            return;
        }

        body.Append(CultureInfo.InvariantCulture, $"\nThe last {logTail.Count} lines of the log:\n");
        foreach (var line in logTail)
        {
            body.Append("    ").Append(line).Append('\n');
        }
    }
}
