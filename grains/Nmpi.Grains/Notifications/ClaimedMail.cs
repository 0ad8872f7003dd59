namespace Nmpi.Grains.Notifications;

/// <summary>A queued message a sender has claimed, with the attempt this is (1 for the first).</summary>
public sealed record ClaimedMail(long Id, string DedupKey, string Recipient, string Subject, string Body, int Attempt);
