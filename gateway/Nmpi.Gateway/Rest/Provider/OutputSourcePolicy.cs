using System.Net;
using Nmpi.Api.Network;

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

    /// <summary>Whether <paramref name="address"/> is reachable on the public internet (<see cref="NetworkAddresses"/>).</summary>
    public static bool IsPublic(IPAddress address) => !NetworkAddresses.IsInternal(address);

    private static bool HostMatches(string allowed, string host)
    {
        allowed = allowed.Trim().TrimEnd('.');
        return allowed.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase) && host.Length > allowed.Length - 1
            : string.Equals(allowed, host, StringComparison.OrdinalIgnoreCase);
    }
}
