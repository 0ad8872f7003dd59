using System.Diagnostics;
using System.Net.Sockets;
using MimeKit;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Notifications;

/// <summary>
/// A real SMTP server on 127.0.0.1: Debian's aiosmtpd with its Mailbox handler, which stores every message it
/// accepts in a maildir (with the envelope recipients in an X-RcptTo header). It can be stopped and started
/// again on the same port, as a mail server that is down for a while.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly string _maildir;
    private Process? _server;

    private SmtpSink(int port, string maildir)
    {
        Port = port;
        _maildir = maildir;
    }

    /// <summary>The port the server listens on (also while it is stopped: it comes back there).</summary>
    public int Port { get; private set; }

    /// <summary>Settings that point a platform's mail at this server, with short retry delays.</summary>
    public Dictionary<string, string?> Settings(int maxAttempts = 12) => new()
    {
        ["Nmpi:Mail:Host"] = "127.0.0.1",
        ["Nmpi:Mail:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Nmpi:Mail:Security"] = "None",
        ["Nmpi:Mail:From"] = "nmpi@platform.test",
        ["Nmpi:Mail:WebBaseAddress"] = "https://nmpi.platform.test/",
        ["Nmpi:Mail:PollInterval"] = "00:00:00.200",
        ["Nmpi:Mail:RetryDelay"] = "00:00:00.300",
        ["Nmpi:Mail:MaxRetryDelay"] = "00:00:01",
        ["Nmpi:Mail:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Starts a server on a free port with an empty maildir.</summary>
    public static async Task<SmtpSink> StartAsync()
    {
        var maildir = Directory.CreateTempSubdirectory("nmpi-maildir-").FullName;
        // Python's Maildir creates its folders only when the directory itself is missing.
        foreach (var folder in new[] { "tmp", "new", "cur" })
        {
            Directory.CreateDirectory(Path.Combine(maildir, folder));
        }

        var sink = new SmtpSink(PlatformHost.FreePort(), maildir);
        for (var tries = 0; ; tries++)
        {
            try
            {
                await sink.StartAgainAsync();
                return sink;
            }
            catch (InvalidOperationException) when (tries < 5)
            {
                // The port was taken between the probe and the server's bind: take another.
                sink.Port = PlatformHost.FreePort();
            }
        }
    }

    /// <summary>Starts the server (again) on its port; returns once it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (_server is not null)
        {
            throw new InvalidOperationException("The SMTP server already runs.");
        }

        var start = new ProcessStartInfo(Python)
        {
            ArgumentList = { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", _maildir },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var server = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start.");
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await AcceptsAsync())
        {
            if (server.HasExited || DateTime.UtcNow > deadline)
            {
                server.Kill(entireProcessTree: true);
                server.Dispose();
                throw new InvalidOperationException($"aiosmtpd did not listen on 127.0.0.1:{Port}.");
            }

            await Task.Delay(50);
        }

        _server = server;
    }

    /// <summary>Stops the server; connections to its port are refused until it starts again.</summary>
    public async Task StopAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            server.Dispose();
        }
    }

    /// <summary>Every message the server accepted so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var files = new[] { "new", "cur" }
            .Select(folder => Path.Combine(_maildir, folder))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .ToArray();
        var messages = files.Select(file => MimeMessage.Load(file)).ToList();
        return messages.OrderBy(message => message.Date).ThenBy(message => message.MessageId, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Deletes the stored messages matching the filter (set-up mail a test has read), so later counts see only the rest.</summary>
    public void Discard(Func<MimeMessage, bool> match)
    {
        foreach (var file in new[] { "new", "cur" }.Select(folder => Path.Combine(_maildir, folder)).Where(Directory.Exists).SelectMany(Directory.EnumerateFiles))
        {
            if (match(MimeMessage.Load(file)))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Waits until messages matching the filter have arrived, and returns them.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(Func<MimeMessage, bool> match, int count, TimeSpan? within = null)
    {
        IReadOnlyList<MimeMessage> found = [];
        await Eventually.HoldsAsync(
            () => (found = Messages().Where(match).ToArray()).Count >= count,
            within ?? TimeSpan.FromSeconds(30),
            $"{count} matching mails in the SMTP server's mailbox");
        return found;
    }

    /// <summary>The envelope recipients of a message as the server received them.</summary>
    public static string EnvelopeRecipients(MimeMessage message) => message.Headers["X-RcptTo"] ?? "";

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_maildir, recursive: true);
    }

    private async Task<bool> AcceptsAsync()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
