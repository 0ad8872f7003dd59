namespace Nmpi.Client;

/// <summary>
/// A list of gateway addresses as users write it: one http(s) URL, or several separated by commas, tried in order.
/// Pure parsing and checking; <see cref="GatewayChannel"/> builds the channel.
/// </summary>
public static class GatewayAddresses
{
    private static readonly char[] Separators = [',', ' ', '\t', '\n', '\r'];

    /// <summary>Splits comma-separated addresses (a single address is a list of one) and checks them; false with the problem otherwise.</summary>
    public static bool TryParse(string? text, out IReadOnlyList<Uri> addresses, out string problem) =>
        TryParse((text ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries), out addresses, out problem);

    /// <summary>Checks each address of a list; false with the problem, naming the bad address, otherwise.</summary>
    public static bool TryParse(IEnumerable<string> texts, out IReadOnlyList<Uri> addresses, out string problem)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var parsed = new List<Uri>();
        addresses = parsed;
        foreach (var text in texts.Select(t => t.Trim()).Where(t => t.Length > 0))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            {
                problem = $"'{text}' is not an http:// or https:// URL";
                return false;
            }

            parsed.Add(uri);
        }

        problem = Problem(parsed) ?? "";
        return problem.Length == 0;
    }

    /// <summary>What keeps the addresses from being used together, or null when they can be.</summary>
    public static string? Problem(IReadOnlyList<Uri> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.Count == 0)
        {
            return "no gateway address is given";
        }

        if (addresses.Count == 1)
        {
            return null;
        }

        // One channel speaks either TLS or clear text to all of its addresses.
        if (addresses.Select(a => a.Scheme).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            return $"the addresses {string.Join(", ", addresses)} mix http:// and https://; use one scheme for all gateways";
        }

        // The balancer connects to host and port only, so a path would be silently dropped.
        if (addresses.FirstOrDefault(a => a.AbsolutePath != "/" || a.Query.Length > 0) is { } withPath)
        {
            return $"'{withPath}' has a path; with several gateways each address must be only scheme, host and port";
        }

        var repeated = addresses.GroupBy(a => a.GetLeftPart(UriPartial.Authority), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return repeated is null ? null : $"'{repeated.Key}' is listed twice";
    }
}
