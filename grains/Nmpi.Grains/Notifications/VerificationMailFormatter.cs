using System.Globalization;
using System.Text;

namespace Nmpi.Grains.Notifications;

/// <summary>The message that carries an address's verification code; pure. It holds no text a user chose but the address's account id.</summary>
public static class VerificationMailFormatter
{
    /// <summary>The outbox kind of a verification message.</summary>
    public const string Kind = "email-verification";

    /// <summary>The message for <paramref name="email"/> with the code; the dedup key names the code, so each code is one message.</summary>
    public static OutgoingMail Format(string userId, string email, string code, byte[] codeHash, TimeSpan lifetime, string webBaseAddress)
    {
        ArgumentNullException.ThrowIfNull(code);
        var body = new StringBuilder()
            .Append("Hello,\n\n")
            .Append(CultureInfo.InvariantCulture, $"this address was given for the e-mails of the account \"{userId}\" of the Neuromorphic Computing Platform.\n")
            .Append(CultureInfo.InvariantCulture, $"If that was you, confirm it within {MailText.Duration(lifetime)} with this code:\n\n    {code}\n\n");
        if (!string.IsNullOrWhiteSpace(webBaseAddress))
        {
            body.Append(CultureInfo.InvariantCulture, $"or on this page (signed in as {userId}):\n\n    {webBaseAddress.TrimEnd('/')}/app/verify-email?code={code}\n\n");
        }

        body.Append("The code works once. If it was not you, ignore this message: no other mail is sent to this address unless it is confirmed.\n");
        var key = string.Create(CultureInfo.InvariantCulture, $"verify:{userId}:{Convert.ToHexString(codeHash, 0, 8)}");
        return new OutgoingMail(key, Kind, email, "[NMPI] Confirm your e-mail address", body.ToString());
    }
}
