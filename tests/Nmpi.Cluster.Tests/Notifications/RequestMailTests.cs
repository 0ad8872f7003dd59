using Microsoft.Extensions.DependencyInjection;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Grains.Notifications;

namespace Nmpi.Cluster.Tests.Notifications;

[Collection("postgres")]
public sealed class RequestMailTests(PostgresFixture postgres)
{
    private static readonly ResourceRequestMail Request = new(
        "rr-17", "neuro", "Plasticity study, second year", "alice",
        [new RequestedAmount("SpiNNaker", 5000, "core-hours"), new RequestedAmount("BrainScaleS", 12.5, "wafer-hours")]);

    [Fact]
    public async Task RequestSubmitted_MailsEveryAdministratorWithAnAddress_AndNobodyElse()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var host = await PlatformHost.StartAsync(postgres, smtp.Settings());
        await MailUsers.SetAsync(host.ConnectionString, "admin", "admin@platform.test", admin: true);
        await MailUsers.SetAsync(host.ConnectionString, "root", "root@platform.test", admin: true, displayName: "Rita Root");
        await MailUsers.SetAsync(host.ConnectionString, "quiet-admin", email: null, admin: true);
        await MailUsers.SetVerifiedAsync(host, smtp, PlatformHost.AliceToken, "alice@lab.test");
        var mails = host.Services.GetRequiredService<RequestMails>();

        Assert.Equal(2, await mails.QueueRequestSubmittedAsync(Request));
        Assert.Equal(0, await mails.QueueRequestSubmittedAsync(Request));

        var arrived = await smtp.WaitForAsync(_ => true, 2);
        Assert.Equal(["admin@platform.test", "root@platform.test"], arrived.Select(SmtpSink.EnvelopeRecipients).Order(StringComparer.Ordinal).ToArray());
        Assert.All(arrived, message =>
        {
            Assert.Equal("[NMPI] Resource request rr-17 for collab neuro: Plasticity study, second year", message.Subject);
            Assert.Contains("alice submitted resource request rr-17 for collab neuro", message.TextBody, StringComparison.Ordinal);
            Assert.Contains("    SpiNNaker: 5000 core-hours\n", message.TextBody, StringComparison.Ordinal);
            Assert.Contains("    BrainScaleS: 12.5 wafer-hours\n", message.TextBody, StringComparison.Ordinal);
        });
        Assert.Contains("Hello Rita Root,", arrived.Single(m => SmtpSink.EnvelopeRecipients(m) == "root@platform.test").TextBody, StringComparison.Ordinal);

        // A later message arrives after any copy would have: each administrator still has exactly one.
        await mails.QueueRequestDecidedAsync(Request, new ResourceRequestDecision(true, "admin", null));
        await smtp.WaitForAsync(m => SmtpSink.EnvelopeRecipients(m) == "alice@lab.test", 1);
        Assert.Equal(3, smtp.Messages().Count);
    }

    [Fact]
    public async Task RequestDecided_MailsTheRequester_WithTheDecisionAndTheNote()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var host = await PlatformHost.StartAsync(postgres, smtp.Settings());
        await MailUsers.SetAsync(host.ConnectionString, "admin", "admin@platform.test", admin: true);
        await MailUsers.SetVerifiedAsync(host, smtp, PlatformHost.AliceToken, "alice@lab.test", jobMails: false);
        await MailUsers.SetVerifiedAsync(host, smtp, PlatformHost.CarolToken, "carol@lab.test");
        var mails = host.Services.GetRequiredService<RequestMails>();

        Assert.Equal(1, await mails.QueueRequestDecidedAsync(Request, new ResourceRequestDecision(true, "admin", "Granted in full.\nPlease cite the platform.")));
        var rejected = Request with { RequestId = "rr-18", Requester = "carol", Title = "Everything" };
        Assert.Equal(1, await mails.QueueRequestDecidedAsync(rejected, new ResourceRequestDecision(false, "admin", "Too much for a first request.")));
        Assert.Equal(0, await mails.QueueRequestDecidedAsync(Request with { RequestId = "rr-19", Requester = "nobody" }, new ResourceRequestDecision(true, "admin", null)));

        var arrived = await smtp.WaitForAsync(_ => true, 2);
        var accepted = arrived.Single(m => SmtpSink.EnvelopeRecipients(m) == "alice@lab.test");
        Assert.Equal("[NMPI] Resource request rr-17 accepted: Plasticity study, second year", accepted.Subject);
        Assert.Contains("your resource request rr-17 for collab neuro was accepted by admin.", accepted.TextBody, StringComparison.Ordinal);
        Assert.Contains("    Granted in full.\n    Please cite the platform.\n", accepted.TextBody, StringComparison.Ordinal);
        var refused = arrived.Single(m => SmtpSink.EnvelopeRecipients(m) == "carol@lab.test");
        Assert.Equal("[NMPI] Resource request rr-18 rejected: Everything", refused.Subject);
        Assert.Contains("Too much for a first request.", refused.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(arrived, m => SmtpSink.EnvelopeRecipients(m).Contains("admin", StringComparison.Ordinal));
    }
}
