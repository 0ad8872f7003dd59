using Google.Rpc;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Accounts;
using Nmpi.Cluster.Tests.Infrastructure;
using Npgsql;

namespace Nmpi.Cluster.Tests.Notifications;

/// <summary>
/// Unverified e-mail addresses (security review L-4): a user who sets someone else's address must not make the
/// platform mail that address; a code proves the address, once, for its owner only. Real SMTP server (aiosmtpd).
/// </summary>
[Collection("postgres")]
public sealed class EmailVerificationTests(PostgresFixture postgres)
{
    private const string Victim = "victim@elsewhere.test";

    [Fact]
    public async Task VictimsAddress_SetByAUser_GetsOnlyTheCodeMessage_AndNoJobMailWithTheUsersText()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var host = await PlatformHost.StartAsync(postgres, smtp.Settings());
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");

        // Alice puts the victim's address on her account and runs a job whose log and end carry her text.
        var profile = await host.Accounts(PlatformHost.AliceToken).UpdateProfileAsync(new UpdateProfileRequest { Email = Victim });
        Assert.Equal(Victim, profile.Email);
        Assert.False(profile.EmailVerified);
        var (job, leased) = await adapter.SubmitAndStartAsync(host.Jobs(PlatformHost.AliceToken), JobRequests.Inline());
        await adapter.AppendLogAsync(leased.Lease, 0, "BUY CHEAP WATCHES at http://spam.test\n");
        await adapter.CompleteAsync(leased.Lease, Outcome.Error, FailureReason.UserCodeError, "visit http://spam.test");
        await JobRequests.WaitForStatusAsync(host.Jobs(PlatformHost.AliceToken), job.Id, JobStatus.Error);

        // The admin's job comes after hers through the same queue: once its mails are in, hers would have been.
        await MailUsers.SetVerifiedAsync(host, smtp, PlatformHost.AdminToken, "admin@lab.test");
        var (loud, lease) = await adapter.SubmitAndStartAsync(host.Jobs(PlatformHost.AdminToken), JobRequests.Inline());
        await adapter.CompleteAsync(lease.Lease);
        await smtp.WaitForAsync(m => (m.Subject ?? "").Contains($"Job {loud.Id} finished", StringComparison.Ordinal), 1);

        var toVictim = Assert.Single(smtp.Messages(), m => SmtpSink.EnvelopeRecipients(m) == Victim);
        Assert.Equal(MailUsers.VerificationSubject, toVictim.Subject);
        Assert.DoesNotContain("spam.test", toVictim.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(await MailUsers.OutboxAsync(host.ConnectionString), row => row.Key.StartsWith($"job:{job.Id}:", StringComparison.Ordinal));
        var whoAmI = await host.Accounts(PlatformHost.AliceToken).WhoAmIAsync(new WhoAmIRequest());
        Assert.False(whoAmI.User.EmailVerified);
    }

    [Fact]
    public async Task VerifyEmail_WithAWrongExpiredReplacedOrUsedCode_IsRefused_AndChangesNothing_WhileTheLatestCodeVerifiesAndMailsFlow()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var settings = smtp.Settings();
        settings["Nmpi:Mail:VerificationResendInterval"] = "00:00:00";
        await using var host = await PlatformHost.StartAsync(postgres, settings);
        var alice = host.Accounts(PlatformHost.AliceToken);
        await alice.UpdateProfileAsync(new UpdateProfileRequest { Email = "alice@lab.test" });
        var first = MailUsers.CodeIn(Assert.Single(await smtp.WaitForAsync(m => MailUsers.IsVerificationTo(m, "alice@lab.test"), 1)));

        await AssertRefusedAsync(alice, first[..^1] + (first[^1] == 'A' ? 'B' : 'A'));
        await AssertRefusedAsync(alice, "");

        // The clock passes the code's lifetime (the silo has no fake clock: the stored expiry is moved back instead).
        await SqlAsync(host, "UPDATE nmpi_email_verifications SET expires_at = now() - interval '1 second' WHERE user_id = 'alice'");
        await AssertRefusedAsync(alice, first);

        // A new code replaces the old one: the old one no longer works, the new one does, once.
        smtp.Discard(_ => true);
        Assert.Equal("alice@lab.test", (await alice.ResendEmailVerificationAsync(new ResendEmailVerificationRequest())).Email);
        var second = MailUsers.CodeIn(Assert.Single(await smtp.WaitForAsync(m => MailUsers.IsVerificationTo(m, "alice@lab.test"), 1)));
        Assert.NotEqual(first, second);
        await AssertRefusedAsync(alice, first);
        Assert.True((await alice.VerifyEmailAsync(new VerifyEmailRequest { Code = second })).EmailVerified);
        var reuse = await Assert.ThrowsAsync<RpcException>(async () => await alice.VerifyEmailAsync(new VerifyEmailRequest { Code = second }));
        Assert.Equal(StatusCode.InvalidArgument, reuse.StatusCode);

        // Verified: job mail flows.
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");
        var (job, leased) = await adapter.SubmitAndStartAsync(host.Jobs(PlatformHost.AliceToken), JobRequests.Inline());
        await adapter.CompleteAsync(leased.Lease);
        var ended = Assert.Single(await smtp.WaitForAsync(m => (m.Subject ?? "") == $"[NMPI] Job {job.Id} finished on SpiNNaker", 1));
        Assert.Equal("alice@lab.test", SmtpSink.EnvelopeRecipients(ended));

        // Changing the address un-verifies it; the used code does not verify the new one.
        var changed = await alice.UpdateProfileAsync(new UpdateProfileRequest { Email = "alice@new.test" });
        Assert.False(changed.EmailVerified);
        await AssertRefusedAsync(alice, second);
    }

    [Fact]
    public async Task AnotherUsersCode_OrTheCodeOfAnEarlierAddress_CannotVerifyTheVictimsAddress()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var settings = smtp.Settings();
        settings["Nmpi:Mail:VerificationResendInterval"] = "00:00:00";
        await using var host = await PlatformHost.StartAsync(postgres, settings);
        var alice = host.Accounts(PlatformHost.AliceToken);
        var carol = host.Accounts(PlatformHost.CarolToken);

        // Carol holds codes she received herself: one of her own earlier address, and one alice forwarded.
        await carol.UpdateProfileAsync(new UpdateProfileRequest { Email = "carol@lab.test" });
        var carolsOwn = MailUsers.CodeIn(Assert.Single(await smtp.WaitForAsync(m => MailUsers.IsVerificationTo(m, "carol@lab.test"), 1)));
        await alice.UpdateProfileAsync(new UpdateProfileRequest { Email = "alice@lab.test" });
        var alices = MailUsers.CodeIn(Assert.Single(await smtp.WaitForAsync(m => MailUsers.IsVerificationTo(m, "alice@lab.test"), 1)));

        await carol.UpdateProfileAsync(new UpdateProfileRequest { Email = Victim });
        await AssertRefusedAsync(carol, carolsOwn);
        await AssertRefusedAsync(carol, alices);
        Assert.False((await carol.WhoAmIAsync(new WhoAmIRequest())).User.EmailVerified);

        // Alice's code still verifies alice's address: carol's attempts used nothing up.
        Assert.True((await alice.VerifyEmailAsync(new VerifyEmailRequest { Code = alices })).EmailVerified);
    }

    [Fact]
    public async Task ResendEmailVerification_WithinTheInterval_IsRefusedWithRetryInfo_AndAddressChangesSendNoMore()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var settings = smtp.Settings();
        settings["Nmpi:Mail:VerificationResendInterval"] = "01:00:00";
        await using var host = await PlatformHost.StartAsync(postgres, settings);
        var alice = host.Accounts(PlatformHost.AliceToken);
        await alice.UpdateProfileAsync(new UpdateProfileRequest { Email = Victim });

        for (var i = 0; i < 3; i++)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(async () => await alice.ResendEmailVerificationAsync(new ResendEmailVerificationRequest()));
            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
            var status = refused.GetRpcStatus()!;
            Assert.Equal("EMAIL_VERIFICATION_THROTTLED", status.GetDetail<ErrorInfo>()!.Reason);
            Assert.InRange(status.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan(), TimeSpan.FromMinutes(50), TimeSpan.FromHours(1));
        }

        // Flipping the address back and forth is stored (unverified) but mails nobody new within the interval.
        for (var i = 0; i < 3; i++)
        {
            Assert.False((await alice.UpdateProfileAsync(new UpdateProfileRequest { Email = $"victim{i}@elsewhere.test" })).EmailVerified);
        }

        Assert.Equal(1, await CountAsync(host, "SELECT count(*) FROM nmpi_mail_outbox WHERE kind = 'email-verification'"));
        Assert.Equal(Victim, SmtpSink.EnvelopeRecipients(Assert.Single(await smtp.WaitForAsync(_ => true, 1))));
    }

    private static async Task AssertRefusedAsync(Api.V1.Accounts.AccountsClient client, string code)
    {
        var before = await client.WhoAmIAsync(new WhoAmIRequest());
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.VerifyEmailAsync(new VerifyEmailRequest { Code = code }));
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal("code", refused.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations[0].Field);
        Assert.Equal(before.User, (await client.WhoAmIAsync(new WhoAmIRequest())).User);
    }

    private static async Task SqlAsync(PlatformHost host, string sql)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(PlatformHost host, string sql)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
