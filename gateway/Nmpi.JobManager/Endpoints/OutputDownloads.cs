using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Nmpi.Api.V1;
using Nmpi.JobManager.Display;

namespace Nmpi.JobManager.Endpoints;

/// <summary>Reads the beginning of a job's output files through DownloadOutput, in-process, as the signed-in user.</summary>
internal static class OutputDownloads
{
    /// <summary>Up to <paramref name="limit"/> bytes of the output at <paramref name="path"/>, and the file's description.</summary>
    public static Task<(OutputFile? File, byte[] Head)> HeadAsync(HttpContext http, IPlatformServices platform, long id, string path, long limit) =>
        platform.JobsAsync(http, Rpc.Jobs("DownloadOutput"), async (s, c) =>
        {
            var sink = new Sink(limit);
            try
            {
                await s.DownloadOutput(new DownloadOutputRequest { Id = id, Path = path }, sink, c);
            }
            catch (EnoughException)
            {
                // The preview has what it shows; the rest of the file is not read.
            }

            return (sink.File, sink.Bytes());
        });

    /// <summary>The text previews of a job's text outputs (at most <see cref="OutputPreview.MaxTextPreviews"/>), by path.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> TextPreviewsAsync(HttpContext http, IPlatformServices platform, Job job)
    {
        var previews = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in job.OutputData.Where(OutputPreview.IsText).Take(OutputPreview.MaxTextPreviews))
        {
            try
            {
                var (_, head) = await HeadAsync(http, platform, job.Id, file.Path, OutputPreview.TextBytes);
                if (OutputPreview.Text(head) is { } text)
                {
                    previews[file.Path] = text;
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                // The stored content is missing: the file is listed without a preview.
            }
        }

        return previews;
    }

    private sealed class EnoughException : Exception;

    private sealed class Sink(long limit) : IServerStreamWriter<OutputChunk>
    {
        private readonly MemoryStream _bytes = new();

        public OutputFile? File { get; private set; }

        public WriteOptions? WriteOptions { get; set; }

        public byte[] Bytes() => _bytes.ToArray();

        public Task WriteAsync(OutputChunk message)
        {
            File ??= message.File;
            var take = (int)Math.Min(message.Data.Length, limit - _bytes.Length);
            _bytes.Write(message.Data.Span[..take]);
            return _bytes.Length >= limit ? Task.FromException(new EnoughException()) : Task.CompletedTask;
        }

        public Task WriteAsync(OutputChunk message, CancellationToken cancellationToken) => WriteAsync(message);
    }
}
