using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Gateway.Errors;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Rest.Provider;

/// <summary>
/// Takes the output files a v3 site names by URL into the artifact store, through the Adapters service's upload, so they get
/// hashes, capability URLs and the lease fencing of any upload; a file at a path already stored replaces it, never duplicates it.
/// </summary>
/// <remarks>v3 kept the sites' URLs; copying keeps results available when the site's storage goes away, and users' links need no token.</remarks>
public static class RestOutputs
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>The site of the claim's adapter ("site/rest-P"), whose rule applies to its output URLs.</summary>
    public static string Site(RestClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return claim.AdapterId.Split('/')[0];
    }

    /// <summary>Fetches one named file, under the rule of the claim's site (<see cref="SiteOutputFetcher"/>), and stores it as an output of the claimed job.</summary>
    /// <exception cref="OutputSourceRefusedException">The site may not have the gateway fetch from this URL.</exception>
    public static async Task FetchAsync(HttpContext http, RestClaim claim, RestOutputItem item)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(item);
        HttpResponseMessage response;
        try
        {
            response = await http.RequestServices.GetRequiredService<SiteOutputFetcher>().GetAsync(Site(claim), new Uri(item.Url), http.RequestAborted);
        }
        catch (HttpRequestException e)
        {
            throw GatewayErrors.InvalidArgument("output_data.files.url", $"{item.Url} could not be fetched ({e.HttpRequestError})");
        }
        catch (TaskCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            throw GatewayErrors.InvalidArgument("output_data.files.url", $"{item.Url} did not answer in time");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw GatewayErrors.InvalidArgument("output_data.files.url", $"{item.Url} answered HTTP {(int)response.StatusCode}");
            }

            var contentType = item.ContentType.Length > 0 ? item.ContentType : response.Content.Headers.ContentType?.MediaType ?? "";
            var header = new Wire.UploadOutputHeader { AdapterId = claim.AdapterId, Lease = claim.Lease, Path = item.Path, ContentType = contentType };
            await using var body = await response.Content.ReadAsStreamAsync(http.RequestAborted);
            var chunks = new UploadChunks(header, body, http.RequestAborted);
            await RestProviderEndpoints.Call(http, "UploadOutput", (s, c) => s.UploadOutput(chunks, c));
        }
    }

    /// <summary>An upload as the Adapters service reads it: the header, then the fetched bytes chunk by chunk.</summary>
    private sealed class UploadChunks(Wire.UploadOutputHeader header, Stream body, CancellationToken aborted) : IAsyncStreamReader<Wire.UploadOutputChunk>
    {
        private readonly byte[] _buffer = new byte[ChunkBytes];
        private bool _headerSent;

        public Wire.UploadOutputChunk Current { get; private set; } = new();

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!_headerSent)
            {
                _headerSent = true;
                Current = new Wire.UploadOutputChunk { Header = header };
                return true;
            }

            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, aborted);
            var read = await body.ReadAsync(_buffer, either.Token);
            if (read == 0)
            {
                return false;
            }

            Current = new Wire.UploadOutputChunk { Data = ByteString.CopyFrom(_buffer, 0, read) };
            return true;
        }
    }
}
