using System.Text.RegularExpressions;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Accounts;
using Nmpi.Cluster.Tests.Infrastructure;
using Npgsql;

namespace Nmpi.Cluster.Tests.Notifications;

/// <summary>Test data in the accounts table: a user's address, job-mail choice and administrator flag.</summary>
public static partial class MailUsers
{
    /// <summary>The subject of the message that carries an address's verification code.</summary>
    public const string VerificationSubject = "[NMPI] Confirm your e-mail address";

    /// <summary>
    /// Gives the token's user a verified address the way a user does: UpdateProfile, the code from the message the
    /// SMTP server received, VerifyEmail. The verification message is then discarded from the server's mailbox.
    /// </summary>
    public static async Task<User> SetVerifiedAsync(PlatformHost host, SmtpSink smtp, string token, string email, bool jobMails = true, string? displayName = null)
    {
        var accounts = host.Accounts(token);
        var change = new UpdateProfileRequest { Email = email, JobMails = jobMails };
        if (displayName is not null)
        {
            change.DisplayName = displayName;
        }

        await accounts.UpdateProfileAsync(change);
        var code = CodeIn(Assert.Single(await smtp.WaitForAsync(m => IsVerificationTo(m, email), 1)));
        var verified = await accounts.VerifyEmailAsync(new VerifyEmailRequest { Code = code });
        smtp.Discard(m => IsVerificationTo(m, email));
        return verified;
    }

    /// <summary>True for a verification message to the address.</summary>
    public static bool IsVerificationTo(MimeKit.MimeMessage message, string email) =>
        message.Subject == VerificationSubject && SmtpSink.EnvelopeRecipients(message) == email;

    /// <summary>The code a verification message carries.</summary>
    public static string CodeIn(MimeKit.MimeMessage message) =>
        CodeLine().Match(message.TextBody ?? "") is { Success: true } found ? found.Groups[1].Value : throw new InvalidOperationException("No code in the message.");

    /// <summary>Creates the user row or updates it (an address set here is unverified: only administrators get mail at it).</summary>
    public static async Task SetAsync(string connectionString, string userId, string? email, bool jobMails = true, bool admin = false, string? displayName = null)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var command = db.CreateCommand(
            """
            INSERT INTO nmpi_users (user_id, email, display_name, admin, job_mails, created_at) VALUES ($1, $2, $3, $4, $5, now())
            ON CONFLICT (user_id) DO UPDATE SET email = $2, display_name = $3, admin = $4, job_mails = $5
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)email ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)displayName ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = admin });
        command.Parameters.Add(new NpgsqlParameter { Value = jobMails });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The outbox rows as (dedup key, attempts, sent, failed, last error), by id; verification messages (set-up) are left out.</summary>
    public static async Task<IReadOnlyList<(string Key, int Attempts, bool Sent, bool Failed, string? Error)>> OutboxAsync(string connectionString)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var command = db.CreateCommand(
            "SELECT dedup_key, attempts, sent_at IS NOT NULL, failed_at IS NOT NULL, last_error FROM nmpi_mail_outbox WHERE kind <> 'email-verification' ORDER BY id");
        var rows = new List<(string, int, bool, bool, string?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return rows;
    }

    [GeneratedRegex(@"with this code:\s+(\S+)")]
    private static partial Regex CodeLine();
}
