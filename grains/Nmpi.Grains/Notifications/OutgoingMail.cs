namespace Nmpi.Grains.Notifications;

/// <summary>One message for one recipient as it is queued in the outbox.</summary>
/// <param name="DedupKey">Names the event and the recipient, so the same event queued twice is one message.</param>
/// <param name="Kind">job-started, job-ended, request-submitted or request-decided.</param>
public sealed record OutgoingMail(string DedupKey, string Kind, string Recipient, string Subject, string Body);
