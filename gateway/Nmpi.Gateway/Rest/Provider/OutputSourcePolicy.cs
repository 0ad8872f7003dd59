using System.Net;
using System.Net.Sockets;

namespace Nmpi.Gateway.Rest.Provider;

/// <summary>
/// Decides whether the gateway may fetch from a host and connect to an address for a site: the guard against a site (or a
/// stolen key) making the gateway read internal services (server-side request forgery). Pure logic, no I/O.
/// </summary>
public static class OutputSourcePolicy
{
    /// <summary>Why <paramref name="url"/> may not be fetched under <paramref name="rule"/>, or null when it may.</summary>
    public static string? RefuseUrl(OutputSourceRule rule, Uri url)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return $"{url} is not an http or https URL";
        }

        var host = url.IdnHost.TrimEnd('.');
        if (rule.AllowedHosts.Count > 0 && !rule.AllowedHosts.Any(allowed => HostMatches(allowed, host)))
        {
            return $"the host {host} is not one this site's outputs may come from";
        }

        return IPAddress.TryParse(url.HostNameType == UriHostNameType.IPv6 ? url.Host.Trim('[', ']') : host, out var literal)
            ? RefuseAddress(rule, literal)
            : null;
    }

    /// <summary>Why the gateway may not connect to <paramref name="address"/> under <paramref name="rule"/>, or null when it may.</summary>
    public static string? RefuseAddress(OutputSourceRule rule, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(address);
        return rule.AllowPrivateAddresses || IsPublic(address) ? null : $"the address {address} is not public (loopback, private, link-local or reserved)";
    }

    /// <summary>Whether <paramref name="address"/> is reachable on the public internet: not loopback, private, link-local, shared, multicast or reserved.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] < 128)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 198 && b[1] is 18 or 19)
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var v6 = address.GetAddressBytes();
        return !(address.Equals(IPAddress.IPv6Loopback) || address.Equals(IPAddress.IPv6None)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal
            || address.IsIPv4MappedToIPv6 || address.IsIPv6Teredo
            || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8) // documentation, 2001:db8::/32
            || (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b) // NAT64 can reach private IPv4
            || v6.Take(12).All(x => x == 0)); // IPv4-compatible and unspecified
    }

    private static bool HostMatches(string allowed, string host)
    {
        allowed = allowed.Trim().TrimEnd('.');
        return allowed.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase) && host.Length > allowed.Length - 1
            : string.Equals(allowed, host, StringComparison.OrdinalIgnoreCase);
    }
}
