using System.Diagnostics;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Nmpi.Grains.Notifications;

/// <summary>
/// Delivers the outbox through SMTP, in every silo: claims due messages, sends them over one connection, marks
/// each sent once the server accepted it, and puts failures off with a growing delay until they are given up.
/// </summary>
public sealed partial class MailSender(MailOutbox outbox, IOptions<MailOptions> options, ILogger<MailSender> log) : BackgroundService
{
    private readonly MailOptions _options = options.Value;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);
    private long _lastPrune = long.MinValue;

    /// <summary>Makes the sender look for due messages now instead of at its next poll.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var full = false;
            try
            {
                await PruneWhenDueAsync(stoppingToken);
                full = await SendDueAsync(stoppingToken);
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(error);
            }

            if (!full)
            {
                try
                {
                    await _wake.WaitAsync(_options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    // Every silo prunes once an hour; deleting what another silo already deleted costs nothing.
    private async Task PruneWhenDueAsync(CancellationToken cancellationToken)
    {
        if (_lastPrune != long.MinValue && Stopwatch.GetElapsedTime(_lastPrune) < PruneInterval)
        {
            return;
        }

        _lastPrune = Stopwatch.GetTimestamp();
        if (await outbox.PruneAsync(_options.KeepFor, cancellationToken) is > 0 and var deleted)
        {
            LogPruned(deleted, _options.KeepFor);
        }
    }

    /// <summary>Sends one batch of due messages; true when the batch was full, so more may be due.</summary>
    private async Task<bool> SendDueAsync(CancellationToken cancellationToken)
    {
        var claimed = await outbox.ClaimAsync(_options.BatchSize, _options.ClaimTimeout, cancellationToken);
        if (claimed.Count == 0)
        {
            return false;
        }

        var clock = Stopwatch.StartNew();
        using var smtp = new SmtpClient { Timeout = (int)_options.SmtpTimeout.TotalMilliseconds };
        try
        {
            await smtp.ConnectAsync(_options.Host, _options.Port, Socket(_options.Security), cancellationToken);
            if (!string.IsNullOrEmpty(_options.UserName))
            {
                await smtp.AuthenticateAsync(_options.UserName, _options.Password, cancellationToken);
            }
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            LogConnectFailed(_options.Host, _options.Port, claimed.Count, error.GetType().Name, error.Message);
            foreach (var mail in claimed)
            {
                await FailAsync(mail, error, permanent: false);
            }

            return false;
        }

        for (var i = 0; i < claimed.Count; i++)
        {
            var mail = claimed[i];
            if (clock.Elapsed > _options.ClaimTimeout / 2 || !smtp.IsConnected)
            {
                // Hand the rest back before another silo may take them over, so none is sent twice.
                await outbox.ReleaseAsync(claimed.Skip(i).Select(m => m.Id).ToArray(), CancellationToken.None);
                break;
            }

            try
            {
                await smtp.SendAsync(Message(mail), cancellationToken);
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                await FailAsync(mail, error, IsPermanent(error));
                continue;
            }

            // Accepted by the server: record it even when the silo is stopping.
            await outbox.MarkSentAsync(mail.Id, CancellationToken.None);
            LogSent(mail.Id, mail.Attempt);
        }

        if (smtp.IsConnected)
        {
            await smtp.DisconnectAsync(quit: true, CancellationToken.None);
        }

        return claimed.Count == _options.BatchSize;
    }

    private async Task FailAsync(ClaimedMail mail, Exception error, bool permanent)
    {
        var reason = Describe(error);
        if (MailRetryPolicy.GiveUp(mail.Attempt, permanent, _options))
        {
            await outbox.MarkFailedAsync(mail.Id, reason, retryIn: null, CancellationToken.None);
            LogGivenUp(mail.Id, mail.Attempt, reason);
        }
        else
        {
            var delay = MailRetryPolicy.Delay(mail.Attempt, _options);
            await outbox.MarkFailedAsync(mail.Id, reason, delay, CancellationToken.None);
            LogRetrying(mail.Id, mail.Attempt, delay, reason);
        }
    }

    private MimeMessage Message(ClaimedMail mail)
    {
        var from = MailboxAddress.Parse(_options.From);
        from.Name = _options.FromName;
        var message = new MimeMessage
        {
            Subject = mail.Subject,
            Body = new TextPart("plain") { Text = mail.Body },
            // Stable per queued message, so a receiver can spot a copy sent again after a crash.
            MessageId = $"nmpi-mail-{mail.Id}@{Domain(from.Address)}",
        };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(mail.Recipient));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }

    private static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..] is { Length: > 0 } domain ? domain : "localhost";

    private static SecureSocketOptions Socket(MailSecurity security) => security switch
    {
        MailSecurity.None => SecureSocketOptions.None,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        MailSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    // A 5xx answer to the sender, a recipient or the message will be the same next time; a bad address too.
    private static bool IsPermanent(Exception error) =>
        error is ParseException
        || error is SmtpCommandException { ErrorCode: not SmtpErrorCode.UnexpectedStatusCode } command && (int)command.StatusCode >= 500;

    private static string Describe(Exception error)
    {
        var text = $"{error.GetType().Name}: {error.Message}";
        return text.Length <= 500 ? text : text[..500];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} messages sent or given up more than {KeepFor} ago")]
    private partial void LogPruned(int count, TimeSpan keepFor);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mail {MailId} sent (attempt {Attempt})")]
    private partial void LogSent(long mailId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach the SMTP server {Host}:{Port}; {Count} messages wait for the next attempt ({ErrorType}: {ErrorMessage})")]
    private partial void LogConnectFailed(string host, int port, int count, string errorType, string errorMessage);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail {MailId} failed at attempt {Attempt}; trying again in {Delay}: {Reason}")]
    private partial void LogRetrying(long mailId, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail {MailId} given up after {Attempts} attempts: {Reason}")]
    private partial void LogGivenUp(long mailId, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A round of the mail sender failed; trying again at the next poll")]
    private partial void LogRoundFailed(Exception error);
}
