using Microsoft.Extensions.Options;
using Nmpi.Grains.Accounts;

namespace Nmpi.Grains.Notifications;

/// <summary>Sends an address its verification code, at most once per resend interval per user, and checks codes sent back.</summary>
public sealed class VerificationMails(EmailVerificationStore store, MailOutbox outbox, MailSender sender, IOptions<MailOptions> options, TimeProvider time)
{
    private readonly MailOptions _options = options.Value;

    /// <summary>True when mail is configured, so codes can be sent at all.</summary>
    public bool Enabled => _options.Enabled;

    /// <summary>Queues a new code for the address (the last one stops working); null when queued, or the wait before the next may go.</summary>
    public async Task<TimeSpan?> SendAsync(string userId, string email)
    {
        var now = time.GetUtcNow();
        var code = EmailVerificationCode.New();
        var hash = EmailVerificationCode.Hash(code);
        var lifetime = _options.VerificationCodeLifetime;
        if (await store.ReplaceAsync(userId, email, hash, now + lifetime, now, now - _options.VerificationResendInterval) is { } lastSent)
        {
            var wait = lastSent + _options.VerificationResendInterval - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
        }

        if (await outbox.QueueAsync([VerificationMailFormatter.Format(userId, email, code, hash, lifetime, _options.WebBaseAddress)]) > 0)
        {
            sender.Wake();
        }

        return null;
    }

    /// <summary>True when the code verified the user's present address (and is used up); false, changing nothing, otherwise.</summary>
    public Task<bool> VerifyAsync(string userId, string code) =>
        store.UseAsync(userId, EmailVerificationCode.Hash(code), time.GetUtcNow());
}
