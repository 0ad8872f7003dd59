using System.Globalization;
using MimeKit;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Notifications;

[Collection("postgres")]
public sealed class JobMailTests(PostgresFixture postgres)
{
    private const string AliceMail = "alice@lab.test";

    [Fact]
    public async Task Job_MailsItsSubmitter_WhenItStartsAndWhenItEnds_WithOutputsLinksAndTheLogTail()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var host = await PlatformHost.StartAsync(postgres, smtp.Settings());
        await MailUsers.SetVerifiedAsync(host, smtp, PlatformHost.AliceToken, AliceMail, displayName: "Alice Liddell");
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");

        var (job, leased) = await adapter.SubmitAndStartAsync(host.Jobs(PlatformHost.AliceToken), JobRequests.Inline());
        var started = Assert.Single(await smtp.WaitForAsync(m => (m.Subject ?? "").Contains("started", StringComparison.Ordinal), 1));
        Assert.Equal($"[NMPI] Job {job.Id} started on SpiNNaker", started.Subject);
        Assert.Equal(AliceMail, SmtpSink.EnvelopeRecipients(started));
        Assert.Equal(AliceMail, Assert.Single(started.To.Mailboxes).Address);
        Assert.Equal("nmpi@platform.test", Assert.Single(started.From.Mailboxes).Address);
        Assert.Contains("Hello Alice Liddell,", started.TextBody, StringComparison.Ordinal);
        Assert.Contains($"nmpi log {job.Id} -f", started.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://nmpi.platform.test/jobs/{job.Id}", started.TextBody, StringComparison.Ordinal);

        // 25 lines in chunks that split lines: the mail shows the last 20 whole lines.
        var log = string.Concat(Enumerable.Range(1, 25).Select(i => $"step {i:00} of the simulation\n"));
        var chunks = Enumerable.Range(0, (log.Length + 99) / 100).Select(i => log.Substring(i * 100, Math.Min(100, log.Length - (i * 100)))).ToArray();
        for (var seq = 0; seq < chunks.Length; seq++)
        {
            await adapter.AppendLogAsync(leased.Lease, seq, chunks[seq]);
        }

        await adapter.UploadAsync(leased.Lease, "results/spikes.dat", new byte[3 * 1024]);
        await adapter.UploadAsync(leased.Lease, "report.txt", new byte[100]);
        Assert.True((await adapter.CompleteAsync(leased.Lease)).Applied);

        var ended = Assert.Single(await smtp.WaitForAsync(m => (m.Subject ?? "").Contains("finished", StringComparison.Ordinal), 1));
        Assert.Equal($"[NMPI] Job {job.Id} finished on SpiNNaker", ended.Subject);
        Assert.Equal(AliceMail, SmtpSink.EnvelopeRecipients(ended));
        var body = ended.TextBody ?? "";
        Assert.Contains("Status:     finished", body, StringComparison.Ordinal);
        Assert.Contains("Duration:   ", body, StringComparison.Ordinal);
        Assert.Contains("Used:       0.25 core-hours", body, StringComparison.Ordinal);
        Assert.Contains("results/spikes.dat (3.0 KiB)", body, StringComparison.Ordinal);
        Assert.Contains("report.txt (100 B)", body, StringComparison.Ordinal);
        Assert.Contains($"nmpi download {job.Id}", body, StringComparison.Ordinal);
        Assert.Contains($"https://nmpi.platform.test/jobs/{job.Id}", body, StringComparison.Ordinal);
        Assert.Contains("The last 20 lines of the log:", body, StringComparison.Ordinal);
        for (var i = 1; i <= 25; i++)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"    step {i:00} of the simulation\n");
            Assert.Equal(i > 5, body.Contains(line, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(PlatformHost.AliceToken, body, StringComparison.Ordinal);
        Assert.DoesNotContain(PlatformHost.SiteKey, body, StringComparison.Ordinal);
        Assert.Equal(2, smtp.Messages().Count);
    }

    [Fact]
    public async Task FailedJob_MailGivesTheReasonAndTheEndOfTheLog()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var host = await PlatformHost.StartAsync(postgres, smtp.Settings());
        await MailUsers.SetVerifiedAsync(host, smtp, PlatformHost.AliceToken, AliceMail);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");

        var (job, leased) = await adapter.SubmitAndStartAsync(host.Jobs(PlatformHost.AliceToken), JobRequests.Inline());
        await adapter.AppendLogAsync(leased.Lease, 0, "Traceback (most recent call last):\n  File \"run.py\", line 3\nZeroDivisionError: division by zero\n");
        await adapter.CompleteAsync(leased.Lease, Outcome.Error, FailureReason.UserCodeError, "run.py exited with status 1");

        var failed = Assert.Single(await smtp.WaitForAsync(m => (m.Subject ?? "").Contains("failed", StringComparison.Ordinal), 1));
        Assert.Equal($"[NMPI] Job {job.Id} failed on SpiNNaker: error in the job's code", failed.Subject);
        Assert.Equal(AliceMail, SmtpSink.EnvelopeRecipients(failed));
        Assert.Contains("Status:     error", failed.TextBody, StringComparison.Ordinal);
        Assert.Contains("Reason:     error in the job's code: run.py exited with status 1", failed.TextBody, StringComparison.Ordinal);
        Assert.Contains("    ZeroDivisionError: division by zero\n", failed.TextBody, StringComparison.Ordinal);
        Assert.Contains("The job stored no output files.", failed.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoJobMail_WhenTheUserTurnedThemOff_OrNoAddressIsKnown()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var host = await PlatformHost.StartAsync(postgres, smtp.Settings());
        await MailUsers.SetVerifiedAsync(host, smtp, PlatformHost.AliceToken, AliceMail, jobMails: false);
        await MailUsers.SetAsync(host.ConnectionString, "carol", email: null);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");

        var quiet = new List<long>();
        foreach (var (token, collab) in new[] { (PlatformHost.AliceToken, "neuro"), (PlatformHost.CarolToken, "other") })
        {
            var (job, leased) = await adapter.SubmitAndStartAsync(host.Jobs(token), JobRequests.Inline(collab: collab));
            await adapter.CompleteAsync(leased.Lease);
            await JobRequests.WaitForStatusAsync(host.Jobs(token), job.Id, JobStatus.Finished);
            quiet.Add(job.Id);
        }

        // The admin's job comes after theirs through the same queue: once its mails are in, theirs would have been.
        await MailUsers.SetVerifiedAsync(host, smtp, PlatformHost.AdminToken, "admin@lab.test");
        var (loud, lease) = await adapter.SubmitAndStartAsync(host.Jobs(PlatformHost.AdminToken), JobRequests.Inline());
        await adapter.CompleteAsync(lease.Lease);
        await smtp.WaitForAsync(m => (m.Subject ?? "").Contains($"Job {loud.Id} finished", StringComparison.Ordinal), 1);

        var subjects = smtp.Messages().Select(m => m.Subject ?? "").ToArray();
        Assert.Equal([$"[NMPI] Job {loud.Id} finished on SpiNNaker", $"[NMPI] Job {loud.Id} started on SpiNNaker"], subjects.Order(StringComparer.Ordinal).ToArray());
        Assert.All(smtp.Messages(), m => Assert.Equal("admin@lab.test", SmtpSink.EnvelopeRecipients(m)));
        var queued = await MailUsers.OutboxAsync(host.ConnectionString);
        Assert.DoesNotContain(queued, row => quiet.Any(id => row.Key.StartsWith($"job:{id}:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task JobCancelledBeforeItRan_GetsNoMail_ButOneCancelledWhileRunningDoes()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var host = await PlatformHost.StartAsync(postgres, smtp.Settings());
        await MailUsers.SetVerifiedAsync(host, smtp, PlatformHost.AliceToken, AliceMail);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");

        var queued = await alice.SubmitJobAsync(JobRequests.Inline(platform: "Spikey"));
        await alice.CancelJobAsync(new CancelJobRequest { Id = queued.Id });
        var (running, leased) = await adapter.SubmitAndStartAsync(alice, JobRequests.Inline());
        await alice.CancelJobAsync(new CancelJobRequest { Id = running.Id });
        await adapter.CompleteAsync(leased.Lease, Outcome.Cancelled);

        var cancelled = Assert.Single(await smtp.WaitForAsync(m => (m.Subject ?? "").Contains("cancelled", StringComparison.Ordinal), 1));
        Assert.Equal($"[NMPI] Job {running.Id} was cancelled on SpiNNaker", cancelled.Subject);
        Assert.Contains("Cancelled:  by alice", cancelled.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(smtp.Messages(), m => (m.Subject ?? "").Contains($"Job {queued.Id} ", StringComparison.Ordinal));
        Assert.DoesNotContain(await MailUsers.OutboxAsync(host.ConnectionString), row => row.Key.StartsWith($"job:{queued.Id}:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MessagesLostBetweenAMoveAndTheOutbox_AreQueuedByTheNextLook_EachOnce()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var settings = smtp.Settings();
        settings["Nmpi:Mail:CatchUpInterval"] = "00:00:01";
        settings["Nmpi:Mail:CatchUpGrace"] = "00:00:00";
        await using var host = await PlatformHost.StartAsync(postgres, settings);
        await MailUsers.SetVerifiedAsync(host, smtp, PlatformHost.AliceToken, AliceMail);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");

        // One job's messages go out as usual.
        var (delivered, deliveredLease) = await adapter.SubmitAndStartAsync(alice, JobRequests.Inline());
        await adapter.CompleteAsync(deliveredLease.Lease);
        await smtp.WaitForAsync(m => (m.Subject ?? "").StartsWith($"[NMPI] Job {delivered.Id} ", StringComparison.Ordinal), 2);

        // Then the outbox writes are lost, as when the silo that committed a move dies before writing its message:
        // a trigger drops every new row (and notes its key, so the test knows the writes were tried).
        await SqlAsync(host, """
            CREATE TABLE lost_mail (dedup_key text NOT NULL);
            CREATE FUNCTION lose_mail() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO lost_mail VALUES (NEW.dedup_key); RETURN NULL; END $$;
            CREATE TRIGGER lose_mail BEFORE INSERT ON nmpi_mail_outbox FOR EACH ROW EXECUTE FUNCTION lose_mail();
            """);
        var (ended, endedLease) = await adapter.SubmitAndStartAsync(alice, JobRequests.Inline());
        await adapter.CompleteAsync(endedLease.Lease);
        var (running, _) = await adapter.SubmitAndStartAsync(alice, JobRequests.Inline());
        string[] lostKeys = [$"job:{ended.Id}:started:alice", $"job:{ended.Id}:ended:alice", $"job:{running.Id}:started:alice"];
        await Eventually.HoldsAsync(
            async () => (await LostKeysAsync(host)).IsSupersetOf(lostKeys), TimeSpan.FromSeconds(60), "the three messages were tried and lost");
        Assert.DoesNotContain(await MailUsers.OutboxAsync(host.ConnectionString), row => lostKeys.Contains(row.Key));

        // The writes work again: the next look finds the owed messages and queues each once.
        await SqlAsync(host, "DROP TRIGGER lose_mail ON nmpi_mail_outbox");
        await smtp.WaitForAsync(m => (m.Subject ?? "") == $"[NMPI] Job {ended.Id} finished on SpiNNaker", 1, TimeSpan.FromSeconds(60));
        await smtp.WaitForAsync(m => (m.Subject ?? "") == $"[NMPI] Job {running.Id} started on SpiNNaker", 1, TimeSpan.FromSeconds(60));

        // A started message owed to a job that has ended since is not sent late; nothing is queued twice.
        var outbox = await MailUsers.OutboxAsync(host.ConnectionString);
        Assert.DoesNotContain(outbox, row => row.Key == $"job:{ended.Id}:started:alice");
        Assert.Equal(outbox.Count, outbox.Select(r => r.Key).Distinct().Count());
        Assert.Equal(4, outbox.Count);
    }

    private static async Task SqlAsync(PlatformHost host, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<HashSet<string>> LostKeysAsync(PlatformHost host)
    {
        await using var connection = new Npgsql.NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT dedup_key FROM lost_mail", connection);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
