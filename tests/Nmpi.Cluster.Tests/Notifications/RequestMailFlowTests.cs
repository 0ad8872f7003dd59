using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Quotas;

namespace Nmpi.Cluster.Tests.Notifications;

/// <summary>Resource requests moved through the Quotas API tell the right people by e-mail.</summary>
[Collection("postgres")]
public sealed class RequestMailFlowTests(PostgresFixture postgres)
{
    [Fact]
    public async Task RequestSubmittedThenAccepted_MailsTheAdministratorsThenTheRequester()
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var host = await QuotaHost.StartAsync(postgres, smtp.Settings());
        await MailUsers.SetAsync(host.ConnectionString, "admin", "admin@platform.test", admin: true);
        await MailUsers.SetVerifiedAsync(host, smtp, QuotaHost.DaveToken, "dave@lab.test");
        var dave = host.Quotas(QuotaHost.DaveToken);
        var draft = await dave.CreateResourceRequestAsync(QuotaHost.Request("Plasticity", ("SpiNNaker", 40)));

        await dave.SubmitResourceRequestAsync(new SubmitResourceRequestRequest { Id = draft.Id });
        var toAdmin = await smtp.WaitForAsync(m => SmtpSink.EnvelopeRecipients(m) == "admin@platform.test", 1);
        await host.Quotas(PlatformHost.AdminToken).DecideResourceRequestAsync(new DecideResourceRequestRequest { Id = draft.Id, Accept = true, Note = "enjoy" });
        var toDave = await smtp.WaitForAsync(m => SmtpSink.EnvelopeRecipients(m) == "dave@lab.test", 1);

        var id = draft.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"[NMPI] Resource request {id} for collab lab: Plasticity", toAdmin[0].Subject);
        Assert.Contains("    SpiNNaker: 40 core-hours\n", toAdmin[0].TextBody, StringComparison.Ordinal);
        Assert.Equal($"[NMPI] Resource request {id} accepted: Plasticity", toDave[0].Subject);
        Assert.Contains("enjoy", toDave[0].TextBody, StringComparison.Ordinal);
        Assert.Equal(2, smtp.Messages().Count);
    }
}
