using System.Globalization;
using System.Text;

namespace Nmpi.Grains.Notifications;

/// <summary>Writes the messages about resource requests: to administrators when one is submitted, to the requester when decided; pure.</summary>
public static class RequestMailFormatter
{
    /// <summary>The message telling an administrator that a request waits for review.</summary>
    public static OutgoingMail Submitted(ResourceRequestMail request, MailRecipient admin)
    {
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Hello {admin.Greeting},\n\n")
            .Append(CultureInfo.InvariantCulture, $"{request.Requester} submitted resource request {request.RequestId} for collab {request.Collab}; it waits for review.\n\n");
        AppendRequest(body, request);
        body.Append("\nYou get this message as an administrator of the platform.\n");
        var subject = $"[NMPI] Resource request {request.RequestId} for collab {request.Collab}: {request.Title}";
        return new OutgoingMail(
            $"request:{request.RequestId}:submitted:{admin.UserId}", "request-submitted", admin.Email, MailText.OneLine(subject), body.ToString());
    }

    /// <summary>The message telling the requester how their request was decided.</summary>
    public static OutgoingMail Decided(ResourceRequestMail request, ResourceRequestDecision decision, MailRecipient requester)
    {
        var verdict = decision.Accepted ? "accepted" : "rejected";
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Hello {requester.Greeting},\n\n")
            .Append(CultureInfo.InvariantCulture, $"your resource request {request.RequestId} for collab {request.Collab} was {verdict} by {decision.DecidedBy}.\n\n");
        AppendRequest(body, request);
        if (decision.Note is { Length: > 0 } note)
        {
            body.Append(CultureInfo.InvariantCulture, $"\nNote from {decision.DecidedBy}:\n");
            foreach (var line in note.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                body.Append("    ").Append(line).Append('\n');
            }
        }

        if (decision.Accepted)
        {
            body.Append(CultureInfo.InvariantCulture, $"\nThe members of collab {request.Collab} can use the granted quotas for their jobs now.\n");
        }

        var subject = $"[NMPI] Resource request {request.RequestId} {verdict}: {request.Title}";
        return new OutgoingMail(
            $"request:{request.RequestId}:decided:{requester.UserId}", "request-decided", requester.Email, MailText.OneLine(subject), body.ToString());
    }

    private static void AppendRequest(StringBuilder body, ResourceRequestMail request)
    {
        body.Append(CultureInfo.InvariantCulture, $"Title:      {MailText.OneLine(request.Title)}\n")
            .Append(CultureInfo.InvariantCulture, $"Collab:     {request.Collab}\n")
            .Append(CultureInfo.InvariantCulture, $"Requester:  {request.Requester}\n")
            .Append("Requested:\n");
        foreach (var amount in request.Amounts)
        {
            body.Append(CultureInfo.InvariantCulture, $"    {amount.Platform}: {MailText.Amount(amount.Value)} {amount.Units}\n");
        }

        if (request.Amounts.Count == 0)
        {
            body.Append("    (nothing)\n");
        }
    }
}
