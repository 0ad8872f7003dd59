using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.GrainInterfaces.Jobs;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Rest.Provider;

/// <summary>
/// v3's log writes (append, and replace) on our append-only log: chunks stored in order, each under the next sequence
/// number, so followers never see text vanish. A replacement that extends the stored log appends the difference (what a
/// site re-sending its whole log does); any other replacement is appended after a marker line.
/// </summary>
public static class RestLog
{
    /// <summary>The line put before a replacement that does not extend the stored log.</summary>
    public const string ReplacedMarker = "\n--- the site replaced the log; its new content follows ---\n";

    // 256 Ki characters are at most 1 MiB of UTF-8, the Adapters service's limit per append.
    private const int MaxPieceChars = 256 * 1024;
    private const int MaxAttempts = 8;

    /// <summary>Appends <paramref name="text"/> to the job's log.</summary>
    public static async Task AppendAsync(HttpContext http, RestClaim claim, string text)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(text);
        var grain = http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IJobGrain>(claim.Lease.JobId);
        foreach (var piece in Pieces(text))
        {
            for (var attempt = 1; ; attempt++)
            {
                // The next free sequence number; when another append takes it first, the write is a no-op and is tried again.
                var seq = (await grain.GetAsync())?.LogChunks ?? 0;
                var append = new Wire.AppendLogRequest { AdapterId = claim.AdapterId, Lease = claim.Lease, Seq = seq, Text = piece };
                var ack = await RestProviderEndpoints.Call(http, "AppendLog", (s, c) => s.AppendLog(append, c));
                if (ack.Applied)
                {
                    break;
                }

                if (attempt == MaxAttempts)
                {
                    throw new Grpc.Core.RpcException(new Grpc.Core.Status(
                        Grpc.Core.StatusCode.Aborted, $"The log of job {claim.Lease.JobId} is being written by others at the same time; retry."));
                }
            }
        }
    }

    /// <summary>Makes the job's log read <paramref name="text"/> (see the class remarks for how, on an append-only log).</summary>
    public static async Task ReplaceAsync(HttpContext http, RestClaim claim, string text)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(text);
        var current = await ReadAsync(http, claim.Lease.JobId);
        if (text.StartsWith(current, StringComparison.Ordinal))
        {
            await AppendAsync(http, claim, text[current.Length..]);
        }
        else
        {
            await AppendAsync(http, claim, ReplacedMarker + text);
        }
    }

    /// <summary>Splits text into pieces of at most <see cref="MaxPieceChars"/>, never between the halves of a surrogate pair.</summary>
    public static IEnumerable<string> Pieces(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = 0;
        while (start < text.Length)
        {
            var length = Math.Min(MaxPieceChars, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                length--;
            }

            yield return text.Substring(start, length);
            start += length;
        }
    }

    private static async Task<string> ReadAsync(HttpContext http, long id)
    {
        var grain = http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IJobGrain>(id);
        var text = new StringBuilder();
        long seq = 0;
        while (true)
        {
            var page = await grain.ReadLogAsync(seq, 500);
            foreach (var chunk in page.Chunks)
            {
                text.Append(chunk.Text);
            }

            if (page.Chunks.Count == 0 || page.NextSeq <= seq)
            {
                return text.ToString();
            }

            seq = page.NextSeq;
        }
    }
}
