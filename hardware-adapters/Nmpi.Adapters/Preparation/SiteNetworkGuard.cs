using System.Net;
using System.Net.Sockets;
using Nmpi.Api.Network;

namespace Nmpi.Adapters.Preparation;

/// <summary>
/// Keeps the URLs a job names away from the site's own network: loopback, private, link-local, shared and reserved
/// addresses are refused unless the site allows them, so a job cannot make the adapter read an internal service.
/// </summary>
public static class SiteNetworkGuard
{
    /// <summary>Whether the address belongs to a machine's or a site's own network rather than the public internet.</summary>
    public static bool IsInternal(IPAddress address) => NetworkAddresses.IsInternal(address);

    /// <summary>
    /// The addresses of the host that a job may reach; a <see cref="JobPreparationException"/> naming the URL when
    /// every one of them is internal (or the name does not resolve).
    /// </summary>
    /// <param name="resolve">Resolves a host name; the system's resolver when null.</param>
    public static async Task<IPAddress[]> ReachableAsync(
        SourceUrl url, string host, bool allowInternal, CancellationToken cancellationToken, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        var addresses = await ResolveAsync(url, host, resolve ?? Dns.GetHostAddressesAsync, cancellationToken);
        if (allowInternal)
        {
            return addresses;
        }

        var reachable = addresses.Where(a => !IsInternal(a)).ToArray();
        return reachable.Length > 0 ? reachable : throw Refused(url, addresses[0]);
    }

    /// <summary>The error for a URL that leads to an internal address.</summary>
    public static JobPreparationException Refused(SourceUrl url, IPAddress address) =>
        new($"{url.What} {url.Shown} leads to {address}, an address of the site's own network, which this site does not fetch from");

    private static async Task<IPAddress[]> ResolveAsync(SourceUrl url, string host, Func<string, CancellationToken, Task<IPAddress[]>> resolve, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return [literal];
        }

        try
        {
            var addresses = await resolve(host, cancellationToken);
            return addresses.Length > 0 ? addresses : throw Unresolved(url, null);
        }
        catch (SocketException e)
        {
            throw Unresolved(url, e);
        }
    }

    private static JobPreparationException Unresolved(SourceUrl url, Exception? inner)
    {
        var message = $"{url.What} {url.Shown} could not be fetched: its host name could not be resolved";
        return inner is null ? new JobPreparationException(message) : new JobPreparationException(message, inner);
    }
}
