using Grpc.Core;
using Nmpi.Api.V1;

namespace Nmpi.Cluster.Tests.Infrastructure;

/// <summary>Requests and waits the lifecycle tests share.</summary>
public static class JobRequests
{
    public static SubmitJobRequest Inline(string collab = "neuro", string platform = "SpiNNaker", string? requestId = null, params string[] tags)
    {
        var request = new SubmitJobRequest
        {
            RequestId = requestId ?? $"req-{Guid.NewGuid():N}",
            Code = new JobCode { Inline = "import pyNN.nest as sim\nsim.setup()\nsim.run(10)\n" },
            Command = "run.py {system}",
            HardwarePlatform = platform,
            Collab = collab,
        };
        request.Tags.AddRange(tags);
        return request;
    }

    /// <summary>Polls GetJob until the job has the status (there is no fixed sleep: each poll is a real call).</summary>
    public static async Task<Job> WaitForStatusAsync(Jobs.JobsClient client, long id, JobStatus status, TimeSpan? within = null)
    {
        using var watch = client.WatchJob(new WatchJobRequest { Id = id }, deadline: DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30)));
        await foreach (var job in watch.ResponseStream.ReadAllAsync())
        {
            if (job.Status == status)
            {
                return job;
            }
        }

        var last = await client.GetJobAsync(new GetJobRequest { Id = id });
        throw new InvalidOperationException($"Job {id} ended the watch as {last.Status}, not {status}.");
    }

    /// <summary>Downloads one output file of a job through the gateway's stream.</summary>
    public static async Task<byte[]> DownloadAsync(Jobs.JobsClient client, long id, string path)
    {
        using var download = client.DownloadOutput(new DownloadOutputRequest { Id = id, Path = path });
        using var received = new MemoryStream();
        await foreach (var chunk in download.ResponseStream.ReadAllAsync())
        {
            chunk.Data.WriteTo(received);
        }

        return received.ToArray();
    }

    /// <summary>Downloads one output file of a job as UTF-8 text.</summary>
    public static async Task<string> DownloadTextAsync(Jobs.JobsClient client, long id, string path) =>
        System.Text.Encoding.UTF8.GetString(await DownloadAsync(client, id, path));
}
