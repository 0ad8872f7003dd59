namespace Nmpi.Grains.Notifications;

/// <summary>E-mail settings of a deployment (section Nmpi:Mail); mail is off while <see cref="Host"/> is empty.</summary>
public sealed class MailOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Nmpi:Mail";

    /// <summary>The SMTP server's host name or address; empty turns mail off.</summary>
    public string Host { get; set; } = "";

    /// <summary>The SMTP server's port.</summary>
    public int Port { get; set; } = 587;

    /// <summary>How the connection is secured.</summary>
    public MailSecurity Security { get; set; } = MailSecurity.Auto;

    /// <summary>The user name to authenticate with; empty sends without authentication.</summary>
    public string UserName { get; set; } = "";

    /// <summary>The password for <see cref="UserName"/>; never logged.</summary>
    public string Password { get; set; } = "";

    /// <summary>The sender address of every message.</summary>
    public string From { get; set; } = "";

    /// <summary>The display name of the sender.</summary>
    public string FromName { get; set; } = "Neuromorphic Computing Platform";

    /// <summary>The platform's web (gateway) address the links in messages start with, e.g. https://nmpi.example.org.</summary>
    public string WebBaseAddress { get; set; } = "";

    /// <summary>How often a sender looks for due messages when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the first failed attempt; it doubles with every further failure.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts after which a message is given up.</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>How long a claimed message stays with its sender before another silo may take it over.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages a sender claims and sends over one connection.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Lines of the log's end shown in a job's end message.</summary>
    public int LogTailLines { get; set; } = 20;

    /// <summary>The timeout of one SMTP connection or command.</summary>
    public TimeSpan SmtpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long sent and given-up messages stay in the outbox (for support questions) before they are deleted.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How far back a silo, when it starts, looks for job moves whose message was never queued (the silo that
    /// committed the move died before writing it). Never longer than <see cref="KeepFor"/>, whose rows tell what was queued.
    /// </summary>
    public TimeSpan CatchUpWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often a running silo looks again, over the last three such intervals.</summary>
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Moves younger than this are left to the silo that made them.</summary>
    public TimeSpan CatchUpGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an e-mail verification code works.</summary>
    public TimeSpan VerificationCodeLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The least time between two verification messages of one user (address changes and resends alike).</summary>
    public TimeSpan VerificationResendInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>True when a server is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
