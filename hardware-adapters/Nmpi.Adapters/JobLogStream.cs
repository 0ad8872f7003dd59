using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace Nmpi.Adapters;

/// <summary>
/// Streams a running job's output lines to the gateway: each line time-stamped, sent in batches (every 250 ms or
/// 16 KiB), numbered from 0; past the byte cap the head already sent stays and only the last lines are kept for the end.
/// </summary>
public sealed class JobLogStream
{
    /// <summary>The longest a line waits before it is sent.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The most text sent in one append.</summary>
    public const int BatchChars = 16 * 1024;

    private const int LongestLine = 8 * 1024;

    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<long, string, Task> _append;
    private readonly TimeProvider _time;
    private readonly int _headBudget;
    private readonly int _tailBudget;
    private readonly Queue<string> _tail = new();
    private int _headBytes;
    private int _tailBytes;
    private long _omittedBytes;
    private long _seq;

    /// <summary>Creates a stream whose appends go through <paramref name="append"/> (sequence number, text).</summary>
    public JobLogStream(Func<long, string, Task> append, int maxBytes, TimeProvider time)
    {
        _append = append;
        _time = time;
        _headBudget = maxBytes / 2;
        _tailBudget = maxBytes - _headBudget;
    }

    /// <summary>Appends of this job the gateway accepted so far.</summary>
    public long Sent => _seq;

    /// <summary>Queues one line of output (without its line break).</summary>
    public void Write(string line)
    {
        var text = line.Length > LongestLine ? string.Concat(line.AsSpan(0, LongestLine), " [line cut]") : line;
        var stamp = _time.GetUtcNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        _lines.Writer.TryWrite($"[{stamp}] {text}\n");
    }

    /// <summary>Sends lines as they come until <see cref="Complete"/> is called, then what was held back for the tail.</summary>
    public async Task RunAsync()
    {
        var batch = new StringBuilder();
        while (await _lines.Reader.WaitToReadAsync())
        {
            using (var window = new CancellationTokenSource(FlushInterval))
            {
                try
                {
                    while (batch.Length < BatchChars)
                    {
                        while (batch.Length < BatchChars && _lines.Reader.TryRead(out var line))
                        {
                            Take(line, batch);
                        }

                        if (batch.Length >= BatchChars || !await _lines.Reader.WaitToReadAsync(window.Token))
                        {
                            break;
                        }
                    }
                }
                catch (OperationCanceledException) when (window.IsCancellationRequested)
                {
                    // The batch window closed: send what there is.
                }
            }

            await SendAsync(batch);
        }

        if (_tail.Count > 0)
        {
            batch.Append(CultureInfo.InvariantCulture, $"[... {_omittedBytes} bytes of log left out ...]\n");
            batch.AppendJoin(string.Empty, _tail);
            await SendAsync(batch);
        }
    }

    /// <summary>Marks the end of the output; <see cref="RunAsync"/> finishes once everything is sent.</summary>
    public void Complete() => _lines.Writer.TryComplete();

    private void Take(string line, StringBuilder batch)
    {
        var bytes = Encoding.UTF8.GetByteCount(line);
        if (_tail.Count == 0 && _headBytes + bytes <= _headBudget)
        {
            _headBytes += bytes;
            batch.Append(line);
            return;
        }

        _tail.Enqueue(line);
        _tailBytes += bytes;
        while (_tailBytes > _tailBudget && _tail.Count > 1)
        {
            var dropped = Encoding.UTF8.GetByteCount(_tail.Dequeue());
            _tailBytes -= dropped;
            _omittedBytes += dropped;
        }
    }

    private async Task SendAsync(StringBuilder batch)
    {
        if (batch.Length == 0)
        {
            return;
        }

        await _append(_seq, batch.ToString());
        _seq++;
        batch.Clear();
    }
}
