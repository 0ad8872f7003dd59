using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Grains.Notifications;
using Npgsql;

namespace Nmpi.Cluster.Tests.Notifications;

[Collection("postgres")]
public sealed class MailDeliveryTests(PostgresFixture postgres)
{
    private static readonly ResourceRequestMail Request = new("rr-1", "neuro", "A first quota", "alice", [new RequestedAmount("SpiNNaker", 100, "core-hours")]);

    [Fact]
    public async Task SmtpServerDown_MailIsRetried_AndArrivesOnceWhenItIsBack()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var host = await PlatformHost.StartAsync(postgres, smtp.Settings());
        await MailUsers.SetVerifiedAsync(host, smtp, PlatformHost.AliceToken, "alice@lab.test");
        await smtp.StopAsync();
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");

        var (job, leased) = await adapter.SubmitAndStartAsync(host.Jobs(PlatformHost.AliceToken), JobRequests.Inline());
        await Eventually.HoldsAsync(
            async () => (await MailUsers.OutboxAsync(host.ConnectionString)) is [{ Attempts: >= 2, Sent: false, Failed: false, Error: not null }],
            TimeSpan.FromSeconds(30),
            "the started mail to fail twice while the SMTP server is down");

        await smtp.StartAgainAsync();
        var started = Assert.Single(await smtp.WaitForAsync(m => (m.Subject ?? "").Contains("started", StringComparison.Ordinal), 1));
        Assert.Equal($"[NMPI] Job {job.Id} started on SpiNNaker", started.Subject);

        // The end mail is queued after the start mail was delivered: once it is in, a second copy would be too.
        await adapter.CompleteAsync(leased.Lease);
        await smtp.WaitForAsync(m => (m.Subject ?? "").Contains("finished", StringComparison.Ordinal), 1);
        Assert.Single(smtp.Messages(), m => (m.Subject ?? "").Contains("started", StringComparison.Ordinal));
        Assert.Equal(2, smtp.Messages().Count);
        var rows = await MailUsers.OutboxAsync(host.ConnectionString);
        Assert.All(rows, row => Assert.True(row.Sent && !row.Failed && row.Error is null, row.ToString()));
        Assert.True(rows[0].Attempts >= 3, $"the started mail was sent at attempt {rows[0].Attempts}");
        Assert.Equal(1, rows[1].Attempts);
    }

    [Fact]
    public async Task Mail_IsGivenUpAfterTheLastAttempt_WithTheReasonKept_AndNeverSentLater()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var host = await PlatformHost.StartAsync(postgres, smtp.Settings(maxAttempts: 2));
        await MailUsers.SetVerifiedAsync(host, smtp, PlatformHost.AliceToken, "alice@lab.test");
        await smtp.StopAsync();
        var mails = host.Services.GetRequiredService<RequestMails>();

        Assert.Equal(1, await mails.QueueRequestDecidedAsync(Request, new ResourceRequestDecision(true, "admin", null)));
        await Eventually.HoldsAsync(
            async () => (await MailUsers.OutboxAsync(host.ConnectionString)) is [{ Failed: true }],
            TimeSpan.FromSeconds(30),
            "the mail to be given up");
        var given = Assert.Single(await MailUsers.OutboxAsync(host.ConnectionString));
        Assert.Equal(2, given.Attempts);
        Assert.False(given.Sent);
        Assert.Contains("refused", given.Error, StringComparison.OrdinalIgnoreCase);

        await smtp.StartAgainAsync();
        Assert.Equal(1, await mails.QueueRequestDecidedAsync(Request with { RequestId = "rr-2" }, new ResourceRequestDecision(false, "admin", null)));
        await smtp.WaitForAsync(m => (m.Subject ?? "").Contains("rr-2", StringComparison.Ordinal), 1);
        Assert.Single(smtp.Messages());
    }

    [Fact]
    public async Task SeveralSenders_ShareOneOutbox_AndSendEveryMessageExactlyOnce()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var settings = smtp.Settings();
        settings["Nmpi:Mail:BatchSize"] = "3";
        await using var host = await PlatformHost.StartAsync(postgres, settings);
        var options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Nmpi:Mail").Get<MailOptions>()!;
        await using var db = NpgsqlDataSource.Create(host.ConnectionString);
        var outbox = new MailOutbox(db);
        // Two more senders, as two more silos would run them, beside the one in the silo.
        using var second = new MailSender(outbox, Options.Create(options), NullLogger<MailSender>.Instance);
        using var third = new MailSender(outbox, Options.Create(options), NullLogger<MailSender>.Instance);
        await second.StartAsync(CancellationToken.None);
        await third.StartAsync(CancellationToken.None);

        var queued = Enumerable.Range(1, 60)
            .Select(i => new OutgoingMail($"test:{i}", "test", $"user{i}@lab.test", $"Message {i}", $"Body {i}\n"))
            .ToArray();
        Assert.Equal(60, await outbox.QueueAsync(queued));
        second.Wake();
        third.Wake();
        await smtp.WaitForAsync(_ => true, 60);
        Assert.Equal(1, await outbox.QueueAsync([new OutgoingMail("test:last", "test", "last@lab.test", "Last", "Last\n")]));
        await smtp.WaitForAsync(m => m.Subject == "Last", 1);

        await second.StopAsync(CancellationToken.None);
        await third.StopAsync(CancellationToken.None);
        var messages = smtp.Messages();
        Assert.Equal(61, messages.Count);
        Assert.Equal(61, messages.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(queued, mail => Assert.Single(messages, m => SmtpSink.EnvelopeRecipients(m) == mail.Recipient && m.Subject == mail.Subject));
        Assert.All(await MailUsers.OutboxAsync(host.ConnectionString), row => Assert.True(row.Sent && row.Attempts == 1, row.ToString()));
    }

    [Fact]
    public async Task Prune_DeletesOnlyMessagesSentOrGivenUpLongerAgoThanKept()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        await using var db = NpgsqlDataSource.Create(host.ConnectionString);
        var outbox = new MailOutbox(db);
        var keys = new[] { "old-sent", "old-failed", "new-sent", "old-waiting" };
        Assert.Equal(4, await outbox.QueueAsync(keys.Select(k => new OutgoingMail(k, "test", $"{k}@lab.test", k, k)).ToArray()));
        await using (var age = db.CreateCommand(
            """
            UPDATE nmpi_mail_outbox SET
                sent_at = CASE dedup_key WHEN 'old-sent' THEN now() - interval '31 days' WHEN 'new-sent' THEN now() - interval '29 days' END,
                failed_at = CASE dedup_key WHEN 'old-failed' THEN now() - interval '40 days' END,
                created_at = now() - interval '60 days'
            """))
        {
            await age.ExecuteNonQueryAsync();
        }

        Assert.Equal(2, await outbox.PruneAsync(TimeSpan.FromDays(30)));

        await using var left = db.CreateCommand("SELECT dedup_key FROM nmpi_mail_outbox ORDER BY dedup_key");
        await using var reader = await left.ExecuteReaderAsync();
        var kept = new List<string>();
        while (await reader.ReadAsync())
        {
            kept.Add(reader.GetString(0));
        }

        Assert.Equal(["new-sent", "old-waiting"], kept);
    }
}
