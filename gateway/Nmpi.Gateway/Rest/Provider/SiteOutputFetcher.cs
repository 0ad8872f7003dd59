using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Nmpi.Gateway.Rest.Provider;

/// <summary>
/// Fetches the output files a REST site reports, under that site's <see cref="OutputSourceRule"/>: the host of the URL and of
/// every redirect is checked against the allow-list, and every address actually connected to (after DNS, so a name that
/// resolves to an internal address is caught too) must be public unless the site may use private addresses.
/// </summary>
public sealed class SiteOutputFetcher(IOptions<OutputSourceOptions> options) : IDisposable
{
    /// <summary>Redirects followed per file, each checked like the first URL.</summary>
    public const int MaxRedirects = 5;

    // One client per site: its connect check is the site's rule, and pooled connections are never shared between sites.
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    /// <summary>Sends GET for <paramref name="url"/> as <paramref name="site"/> and returns the final answer's headers (body unread).</summary>
    /// <exception cref="OutputSourceRefusedException">The URL, a redirect or the address it resolves to is not allowed for the site.</exception>
    public async Task<HttpResponseMessage> GetAsync(string site, Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var rule = options.Value.For(site);
        var client = _clients.GetOrAdd(site, _ => Create(rule));
        for (var redirects = 0; ; redirects++)
        {
            if (OutputSourcePolicy.RefuseUrl(rule, url) is { } reason)
            {
                throw new OutputSourceRefusedException($"{url} may not be fetched: {reason}");
            }

            HttpResponseMessage response;
            try
            {
                response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException e) when (e.InnerException is OutputSourceRefusedException refused)
            {
                throw new OutputSourceRefusedException($"{url} may not be fetched: {refused.Message}", e);
            }

            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
            {
                return response;
            }

            response.Dispose();
            if (redirects == MaxRedirects)
            {
                throw new HttpRequestException(HttpRequestError.Unknown, $"more than {MaxRedirects} redirects");
            }

            url = location.IsAbsoluteUri ? location : new Uri(url, location);
        }
    }

    /// <summary>
    /// Checks every URL of a report before any is fetched, so a refused one changes nothing: the host against the allow-list and
    /// the addresses it resolves to now (the connection checks them again, against a name that resolves differently later).
    /// </summary>
    /// <exception cref="OutputSourceRefusedException">One of the URLs is not allowed for the site.</exception>
    public async Task CheckAsync(string site, IEnumerable<Uri> urls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var rule = options.Value.For(site);
        foreach (var url in urls)
        {
            if (OutputSourcePolicy.RefuseUrl(rule, url) is { } reason)
            {
                throw new OutputSourceRefusedException($"{url} may not be fetched: {reason}");
            }

            IPAddress[] addresses;
            try
            {
                addresses = IPAddress.TryParse(url.Host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken);
            }
            catch (SocketException)
            {
                continue; // an unknown name cannot reach anything; the fetch reports it as a URL that cannot be fetched
            }

            if (addresses.Length > 0 && addresses.All(a => OutputSourcePolicy.RefuseAddress(rule, a) is not null))
            {
                throw new OutputSourceRefusedException($"{url} may not be fetched: {OutputSourcePolicy.RefuseAddress(rule, addresses[0])}");
            }
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    private static HttpClient Create(OutputSourceRule rule)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, // followed by hand, so each redirect's host is checked too
            UseProxy = false, // a proxy would connect for us, out of reach of the address check
            ConnectCallback = (context, cancellationToken) => ConnectAsync(rule, context.DnsEndPoint, cancellationToken),
        };

        // A hung site server cannot hold a request for ever.
        return new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(10) };
    }

    private static async ValueTask<Stream> ConnectAsync(OutputSourceRule rule, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var host = endPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(a => OutputSourcePolicy.RefuseAddress(rule, a) is null).ToArray();
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        if (allowed.Length == 0)
        {
            throw new OutputSourceRefusedException(OutputSourcePolicy.RefuseAddress(rule, addresses[0])!);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
