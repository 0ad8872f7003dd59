using Nmpi.Grains.Notifications;

namespace Nmpi.Grains.Tests.Notifications;

public sealed class RequestMailFormatterTests
{
    private static readonly ResourceRequestMail Request = new(
        "17", "neuro", "Big run\r\nBcc: someone@evil.test", "alice", [new RequestedAmount("BrainScaleS", 2.5, "wafer-hours")]);

    [Fact]
    public void Submitted_GoesToTheAdministrator_WithTheAmountsAndAOneLineSubject()
    {
        var mail = RequestMailFormatter.Submitted(Request, new MailRecipient("root", "root@platform.test", null));

        Assert.Equal("root@platform.test", mail.Recipient);
        Assert.Equal("request:17:submitted:root", mail.DedupKey);
        Assert.Equal("request-submitted", mail.Kind);
        Assert.Equal("[NMPI] Resource request 17 for collab neuro: Big run  Bcc: someone@evil.test", mail.Subject);
        Assert.Contains("alice submitted resource request 17 for collab neuro", mail.Body, StringComparison.Ordinal);
        Assert.Contains("    BrainScaleS: 2.5 wafer-hours\n", mail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Decided_TellsTheRequesterTheVerdictAndTheNote()
    {
        var alice = new MailRecipient("alice", "alice@lab.test", null);
        var accepted = RequestMailFormatter.Decided(Request, new ResourceRequestDecision(true, "root", "Enjoy.\nCite us."), alice);
        var rejected = RequestMailFormatter.Decided(Request, new ResourceRequestDecision(false, "root", null), alice);

        Assert.Equal("request:17:decided:alice", accepted.DedupKey);
        Assert.StartsWith("[NMPI] Resource request 17 accepted: Big run", accepted.Subject, StringComparison.Ordinal);
        Assert.Contains("was accepted by root.", accepted.Body, StringComparison.Ordinal);
        Assert.Contains("Note from root:\n    Enjoy.\n    Cite us.\n", accepted.Body, StringComparison.Ordinal);
        Assert.StartsWith("[NMPI] Resource request 17 rejected: Big run", rejected.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("Note from", rejected.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("granted", rejected.Body, StringComparison.Ordinal);
    }
}
