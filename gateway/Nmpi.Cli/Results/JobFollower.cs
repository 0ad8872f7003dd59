using Nmpi.Api.V1;
using Nmpi.Cli.Output;
using Nmpi.Client;

namespace Nmpi.Cli.Results;

/// <summary>Shows a job while it runs: a line per change of status (or of its place in the queue) and its log as it is written.</summary>
public static class JobFollower
{
    /// <summary>Waits for the job to end, printing its status changes and, when asked, its log; answers the ended job.</summary>
    public static async Task<Job> FollowAsync(NmpiClient client, long id, Terminal terminal, bool showLog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(terminal);
        var handle = client.GetHandle(id);
        string? last = null;
        var endsWithNewline = true;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var log = showLog
            ? Task.Run(
                async () =>
                {
                    await foreach (var chunk in handle.FollowLogAsync(0, stop.Token))
                    {
                        terminal.Raw(chunk.Text);
                        endsWithNewline = chunk.Text.EndsWith('\n');
                    }
                },
                stop.Token)
            : Task.CompletedTask;
        try
        {
            var job = await handle.WaitAsync(
                new InlineProgress<Job>(j =>
                {
                    var line = JobText.StatusLine(j);
                    if (line != last)
                    {
                        last = line;
                        terminal.Info(line);
                    }
                }),
                cancellationToken);

            // The log stream ends by itself once the job has ended and its log is drained.
            await log;
            if (!endsWithNewline)
            {
                terminal.Raw(Environment.NewLine);
            }

            return job;
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAny(log);
        }
    }
}
