using System.Net;
using System.Net.Sockets;

namespace Nmpi.Adapters.Preparation;

/// <summary>
/// Keeps the URLs a job names away from the site's own network: loopback, private, link-local, shared and reserved
/// addresses are refused unless the site allows them, so a job cannot make the adapter read an internal service.
/// </summary>
public static class SiteNetworkGuard
{
    /// <summary>Whether the address belongs to a machine's or a site's own network rather than the public internet.</summary>
    public static bool IsInternal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return IsInternal(address.MapToIPv4());
        }

        return address.AddressFamily == AddressFamily.InterNetwork ? IsInternalV4(address.GetAddressBytes()) : IsInternalV6(address);
    }

    /// <summary>
    /// The addresses of the host that a job may reach; a <see cref="JobPreparationException"/> naming the URL when
    /// every one of them is internal (or the name does not resolve).
    /// </summary>
    public static async Task<IPAddress[]> ReachableAsync(SourceUrl url, string host, bool allowInternal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var addresses = await ResolveAsync(url, host, cancellationToken);
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

    private static async Task<IPAddress[]> ResolveAsync(SourceUrl url, string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return [literal];
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
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

    private static bool IsInternalV4(byte[] b) => b[0] switch
    {
        0 or 10 or 127 => true,                 // "this network", private, loopback
        100 => b[1] is >= 64 and <= 127,        // shared address space (carrier-grade NAT)
        169 => b[1] == 254,                     // link-local, cloud metadata services
        172 => b[1] is >= 16 and <= 31,         // private
        192 => (b[1] == 168) || (b[1] == 0 && b[2] is 0 or 2) || (b[1] == 88 && b[2] == 99), // private, IETF, TEST-NET-1, 6to4 relay
        198 => b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100), // benchmarking, TEST-NET-2
        203 => b[1] == 0 && b[2] == 113,        // TEST-NET-3
        >= 224 => true,                         // multicast, reserved, broadcast
        _ => false,
    };

    private static bool IsInternalV6(IPAddress address)
    {
        if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal)
        {
            return true;
        }

        var b = address.GetAddressBytes();

        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address that decides.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return IsInternalV4(b[12..16]);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsInternalV4(b[2..6]);
        }

        // Documentation (2001:db8::/32) and the IPv4-compatible range (::/96).
        return (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) || b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0;
    }
}
