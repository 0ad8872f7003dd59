using System.Text;
using Nmpi.Api.V1;
using Nmpi.Cli.Output;
using Nmpi.Client;

namespace Nmpi.Cli.Results;

/// <summary>Fetches a job's outputs and whole log into OUTPUT/&lt;collab&gt;/job_&lt;id&gt;/, as the EBRAINS client lays them out.</summary>
public static class ResultFolder
{
    /// <summary>The folder a job's results go to.</summary>
    public static string For(string outputRoot, string collab, long id) =>
        Path.Combine(outputRoot, collab, $"job_{id}");

    /// <summary>Downloads the outputs (hash-checked, intact local copies kept) and writes job_&lt;id&gt;.log.</summary>
    public static async Task<SavedResults> SaveAsync(NmpiClient client, Job job, string outputRoot, Terminal terminal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(terminal);
        var directory = For(outputRoot, job.Collab, job.Id);
        Directory.CreateDirectory(directory);
        var handle = client.GetHandle(job.Id);
        var files = await terminal.WithProgressAsync($"job {job.Id} outputs", progress =>
            handle.DownloadOutputsAsync(
                directory,
                progress is null ? null : new Progress<DownloadProgress>(p => progress.Report((p.TotalBytes, p.TotalSize))),
                cancellationToken));
        var log = await ReadLogAsync(client, job.Id, cancellationToken);
        var logFile = Path.Combine(directory, $"job_{job.Id}.log");
        await File.WriteAllTextAsync(logFile, log, cancellationToken);
        return new SavedResults(job, directory, files, logFile, log);
    }

    /// <summary>The job's whole log, page by page (GetJob's inline log stops at 4 MiB).</summary>
    public static async Task<string> ReadLogAsync(NmpiClient client, long id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var text = new StringBuilder();
        long next = 0;
        while (true)
        {
            var page = await NmpiClientCalls.GetLogAsync(client, id, next, cancellationToken);
            foreach (var chunk in page.Chunks)
            {
                text.Append(chunk.Text);
            }

            if (page.Complete || page.Chunks.Count == 0 || page.NextSeq == next)
            {
                return text.ToString();
            }

            next = page.NextSeq;
        }
    }
}
