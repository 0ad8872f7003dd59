using System.Net;
using System.Net.Sockets;

namespace Nmpi.Api.Network;

/// <summary>
/// Which addresses belong to a machine's or a site's own network rather than the public internet: loopback, private,
/// link-local (cloud metadata services), shared (carrier-grade NAT), documentation, multicast and reserved ranges, for
/// IPv4 and IPv6, including IPv4 carried inside IPv6. The platform never fetches from them for a caller unless told to.
/// </summary>
public static class NetworkAddresses
{
    /// <summary>True for an address of a machine's or site's own network; false for a public one.</summary>
    public static bool IsInternal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return IsInternal(address.MapToIPv4());
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsInternalV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsInternalV6(address),
            _ => true,
        };
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
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal
            || address.IsIPv6Teredo)
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
