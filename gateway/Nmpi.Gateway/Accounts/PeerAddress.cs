namespace Nmpi.Gateway.Accounts;

/// <summary>The network address of a gRPC peer (<c>ipv4:1.2.3.4:5678</c>, <c>ipv6:[::1]:5678</c>) without its port.</summary>
public static class PeerAddress
{
    /// <summary>The address part of the peer string, or the string itself when it has no recognisable form.</summary>
    public static string Of(string? peer)
    {
        if (string.IsNullOrEmpty(peer))
        {
            return "unknown";
        }

        var scheme = peer.IndexOf(':', StringComparison.Ordinal);
        var rest = scheme >= 0 ? peer[(scheme + 1)..] : peer;
        var port = rest.LastIndexOf(':');

        // An IPv6 address in brackets keeps its colons; only a trailing ":port" after the bracket or an IPv4 address goes.
        return port > 0 && (rest.StartsWith('[') ? rest[port - 1] == ']' : rest.IndexOf(':', StringComparison.Ordinal) == port)
            ? rest[..port].Trim('[', ']')
            : rest;
    }
}
