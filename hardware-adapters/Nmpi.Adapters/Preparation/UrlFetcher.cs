using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Nmpi.Adapters.Preparation;

/// <summary>Downloads one URL (http, https or an allowed file URL) into a file, within a size limit and a time limit.</summary>
public sealed class UrlFetcher : IDisposable
{
    private const int BufferBytes = 81920;
    private const int MaxRedirects = 5;

    private readonly HttpClient _http;
    private readonly long _maxBytes;
    private readonly TimeSpan _timeout;
    private readonly bool _allowInternal;

    /// <param name="maxBytes">The largest download, in bytes.</param>
    /// <param name="timeout">The time limit of one download, body included.</param>
    /// <param name="allowInternal">Whether URLs may lead to the site's own network (loopback, private, link-local addresses).</param>
    public UrlFetcher(long maxBytes, TimeSpan timeout, bool allowInternal = false)
    {
        _maxBytes = maxBytes;
        _timeout = timeout;
        _allowInternal = allowInternal;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = MaxRedirects,

            // The job gets the bytes the server sent: a .tar.gz must not arrive already unzipped.
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),

            // Every connection, redirects included, goes to an address checked here; through a proxy it could not be.
            UseProxy = false,
            ConnectCallback = ConnectAsync,
        };

        // Each fetch has its own deadline (DownloadTimeout) covering the body too, which HttpClient.Timeout would not.
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("nmpi-adapter", "1.0"));
    }

    /// <summary>Writes the URL's content to a new file (it must not exist yet); a failure names the URL and why.</summary>
    public async Task FetchAsync(SourceUrl url, string destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            if (url.IsFile)
            {
                await CopyLocalAsync(url, destination, deadline.Token);
            }
            else
            {
                await DownloadAsync(url, destination, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new JobPreparationException($"{url.What} {url.Shown} did not download within {_timeout}");
        }
        catch (HttpRequestException e) when (e.InnerException is InternalAddressException refused)
        {
            throw SiteNetworkGuard.Refused(url, refused.Address);
        }
        catch (HttpRequestException e)
        {
            throw new JobPreparationException($"{url.What} {url.Shown} could not be fetched: {Explain(e.HttpRequestError)}", e);
        }
        catch (HttpIOException e)
        {
            throw new JobPreparationException($"{url.What} {url.Shown} could not be fetched: {Explain(e.HttpRequestError)}", e);
        }
    }

    public void Dispose() => _http.Dispose();

    // Resolves the host itself and connects only to addresses it may reach, so a name that resolves differently
    // a moment later (DNS rebinding) cannot lead the download inside the site.
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var reachable = _allowInternal ? addresses : addresses.Where(a => !SiteNetworkGuard.IsInternal(a)).ToArray();
        if (reachable.Length == 0)
        {
            throw addresses.Length > 0
                ? new InternalAddressException(addresses[0])
                : new SocketException((int)SocketError.HostNotFound);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(reachable, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task DownloadAsync(SourceUrl url, string destination, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(url.Uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new JobPreparationException($"{url.What} {url.Shown} answered HTTP {(int)response.StatusCode}");
        }

        if (response.Content.Headers.ContentLength > _maxBytes)
        {
            throw TooLarge(url);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await CopyLimitedAsync(url, body, destination, cancellationToken);
    }

    private async Task CopyLocalAsync(SourceUrl url, string destination, CancellationToken cancellationToken)
    {
        var source = new FileInfo(url.Uri.LocalPath);
        if (!source.Exists)
        {
            throw new JobPreparationException($"{url.What} {url.Shown} is not a file on this site");
        }

        if (source.Length > _maxBytes)
        {
            throw TooLarge(url);
        }

        await using var input = new FileStream(source.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, useAsync: true);
        await CopyLimitedAsync(url, input, destination, cancellationToken);
    }

    // Counts the bytes that really arrive: a server may send no Content-Length, or a wrong one.
    private async Task CopyLimitedAsync(SourceUrl url, Stream input, string destination, CancellationToken cancellationToken)
    {
        // CreateNew also refuses to write through a symbolic link a repository or archive put at this name.
        await using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes, useAsync: true);
        var buffer = new byte[BufferBytes];
        long total = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > _maxBytes)
            {
                throw TooLarge(url);
            }

            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    private JobPreparationException TooLarge(SourceUrl url) =>
        new($"{url.What} {url.Shown} is larger than this site's limit of {_maxBytes} bytes");

    private static string Explain(HttpRequestError error) => error switch
    {
        HttpRequestError.NameResolutionError => "its host name could not be resolved",
        HttpRequestError.ConnectionError => "the connection to its server failed",
        HttpRequestError.SecureConnectionError => "the secure connection to its server failed",
        HttpRequestError.ProxyTunnelError => "the site's proxy refused the connection",
        HttpRequestError.ResponseEnded => "the server closed the connection before the end",
        HttpRequestError.InvalidResponse => "the server's answer was not valid HTTP",
        HttpRequestError.ConfigurationLimitExceeded => $"it redirected more than {MaxRedirects} times or sent too large headers",
        _ => "the download failed",
    };
}

/// <summary>A connection refused because its every address is on the site's own network.</summary>
internal sealed class InternalAddressException(IPAddress address) : IOException($"{address} is an address of the site's own network")
{
    public IPAddress Address { get; } = address;
}
