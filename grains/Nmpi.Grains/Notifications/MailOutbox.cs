using Npgsql;

namespace Nmpi.Grains.Notifications;

/// <summary>
/// The outbox table and the account facts messages need: who gets mail, the end of a job's log. Messages are
/// claimed with FOR UPDATE SKIP LOCKED, so the senders of several silos never take the same one.
/// </summary>
public sealed class MailOutbox(NpgsqlDataSource db)
{
    // Enough of each chunk's end for the last lines, however long the chunk.
    private const int ChunkTailChars = 16_384;

    /// <summary>The user as a recipient of job messages, or null when they have no verified address, turned job mails off, or are disabled.</summary>
    public Task<MailRecipient?> JobRecipientAsync(string userId, CancellationToken cancellationToken = default) =>
        RecipientAsync("AND job_mails", userId, cancellationToken);

    /// <summary>The user as a recipient of messages about their own requests, or null without a verified address.</summary>
    public Task<MailRecipient?> UserAsync(string userId, CancellationToken cancellationToken = default) =>
        RecipientAsync("", userId, cancellationToken);

    /// <summary>The platform administrators with a known address, verified or not: only administrators and the configuration set those.</summary>
    public async Task<IReadOnlyList<MailRecipient>> AdministratorsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = db.CreateCommand(
            """
            SELECT user_id, email, display_name FROM nmpi_users
             WHERE admin AND disabled_at IS NULL AND coalesce(btrim(email), '') <> ''
             ORDER BY user_id
            """);
        var admins = new List<MailRecipient>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            admins.Add(ReadRecipient(reader));
        }

        return admins;
    }

    /// <summary>The ends of a job's last log chunks, oldest first.</summary>
    public async Task<IReadOnlyList<string>> LastLogChunksAsync(long jobId, int chunks, CancellationToken cancellationToken = default)
    {
        await using var command = db.CreateCommand(
            "SELECT right(text, $3) FROM nmpi_job_logs WHERE job_id = $1 ORDER BY seq DESC LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        command.Parameters.Add(new NpgsqlParameter { Value = chunks });
        command.Parameters.Add(new NpgsqlParameter { Value = ChunkTailChars });
        var texts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            texts.Add(reader.GetString(0));
        }

        texts.Reverse();
        return texts;
    }

    /// <summary>Queues messages in one transaction; one already queued under the same key is left as it is. Returns how many are new.</summary>
    public async Task<int> QueueAsync(IReadOnlyList<OutgoingMail> mails, CancellationToken cancellationToken = default)
    {
        if (mails.Count == 0)
        {
            return 0;
        }

        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var mail in mails)
        {
            var insert = new NpgsqlBatchCommand(
                """
                INSERT INTO nmpi_mail_outbox (dedup_key, kind, recipient, subject, body) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (dedup_key) DO NOTHING
                """);
            foreach (var value in new object[] { mail.DedupKey, mail.Kind, mail.Recipient, mail.Subject, mail.Body })
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            batch.BatchCommands.Add(insert);
        }

        // A batch runs as one implicit transaction: all of the messages are queued or none.
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return batch.BatchCommands.Sum((NpgsqlBatchCommand command) => (int)command.Rows);
    }

    /// <summary>Claims up to <paramref name="max"/> due messages for this sender and counts the attempt.</summary>
    public async Task<IReadOnlyList<ClaimedMail>> ClaimAsync(int max, TimeSpan claimTimeout, CancellationToken cancellationToken = default)
    {
        await using var command = db.CreateCommand(
            """
            UPDATE nmpi_mail_outbox
               SET attempts = attempts + 1, next_attempt_at = now() + $2
             WHERE id IN (SELECT id FROM nmpi_mail_outbox
                           WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
                           ORDER BY next_attempt_at, id
                           LIMIT $1
                             FOR UPDATE SKIP LOCKED)
            RETURNING id, dedup_key, recipient, subject, body, attempts
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = max });
        command.Parameters.Add(new NpgsqlParameter { Value = claimTimeout });
        var claimed = new List<ClaimedMail>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new ClaimedMail(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5)));
        }

        return claimed.OrderBy(mail => mail.Id).ToArray();
    }

    /// <summary>Records that the SMTP server accepted the message.</summary>
    public Task MarkSentAsync(long id, CancellationToken cancellationToken = default) =>
        ExecuteAsync("UPDATE nmpi_mail_outbox SET sent_at = now(), last_error = NULL WHERE id = $1", cancellationToken, id);

    /// <summary>Records a failed attempt: tried again after <paramref name="retryIn"/>, or given up when it is null.</summary>
    public Task MarkFailedAsync(long id, string error, TimeSpan? retryIn, CancellationToken cancellationToken = default) =>
        retryIn is { } delay
            ? ExecuteAsync("UPDATE nmpi_mail_outbox SET next_attempt_at = now() + $3, last_error = $2 WHERE id = $1", cancellationToken, id, error, delay)
            : ExecuteAsync("UPDATE nmpi_mail_outbox SET failed_at = now(), last_error = $2 WHERE id = $1", cancellationToken, id, error);

    /// <summary>Hands claimed messages back unsent and without counting the attempt (a sender running out of claim time).</summary>
    public Task ReleaseAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken = default) =>
        ExecuteAsync(
            "UPDATE nmpi_mail_outbox SET next_attempt_at = now(), attempts = attempts - 1 WHERE id = ANY($1) AND sent_at IS NULL AND failed_at IS NULL",
            cancellationToken,
            ids.ToArray());

    /// <summary>Deletes messages sent or given up more than <paramref name="keepFor"/> ago; returns how many.</summary>
    /// <remarks>A message still waiting is never deleted, however old.</remarks>
    public async Task<int> PruneAsync(TimeSpan keepFor, CancellationToken cancellationToken = default)
    {
        await using var command = db.CreateCommand(
            "DELETE FROM nmpi_mail_outbox WHERE coalesce(sent_at, failed_at) < now() - $1");
        command.Parameters.Add(new NpgsqlParameter { Value = keepFor });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Jobs whose start or end message is owed but not in the outbox: ended (or running) between
    /// <paramref name="window"/> and <paramref name="grace"/> ago, with a submitter who gets job mails. The keys are
    /// those of <see cref="JobMailRules.DedupKey"/>. Whether a message is really owed (a job cancelled before it ran
    /// gets none) is for the caller to decide from the job.
    /// </summary>
    public async Task<IReadOnlyList<long>> UnannouncedJobsAsync(TimeSpan window, TimeSpan grace, int max, CancellationToken cancellationToken = default)
    {
        await using var command = db.CreateCommand(
            """
            SELECT j.id FROM nmpi_jobs j JOIN nmpi_users u ON u.user_id = j.user_id
             WHERE j.completed_at >= now() - $1 AND j.completed_at < now() - $2
               AND j.status IN ('finished', 'error', 'cancelled')
               AND u.job_mails AND u.disabled_at IS NULL AND coalesce(btrim(u.email), '') <> '' AND u.email_verified_at IS NOT NULL
               AND NOT EXISTS (SELECT FROM nmpi_mail_outbox o WHERE o.dedup_key = 'job:' || j.id || ':ended:' || j.user_id)
            UNION ALL
            SELECT j.id FROM nmpi_jobs j JOIN nmpi_users u ON u.user_id = j.user_id
             WHERE j.status = 'running'
               AND (j.doc ->> 'startedAt')::timestamptz >= now() - $1 AND (j.doc ->> 'startedAt')::timestamptz < now() - $2
               AND u.job_mails AND u.disabled_at IS NULL AND coalesce(btrim(u.email), '') <> '' AND u.email_verified_at IS NOT NULL
               AND NOT EXISTS (SELECT FROM nmpi_mail_outbox o WHERE o.dedup_key = 'job:' || j.id || ':started:' || j.user_id)
            LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = window });
        command.Parameters.Add(new NpgsqlParameter { Value = grace });
        command.Parameters.Add(new NpgsqlParameter { Value = max });
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private async Task<MailRecipient?> RecipientAsync(string condition, string userId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(
            $"""
            SELECT user_id, email, display_name FROM nmpi_users
             WHERE user_id = $1 AND disabled_at IS NULL AND coalesce(btrim(email), '') <> '' AND email_verified_at IS NOT NULL {condition}
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRecipient(reader) : null;
    }

    private static MailRecipient ReadRecipient(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1).Trim(), reader.IsDBNull(2) ? null : reader.GetString(2));

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = db.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
