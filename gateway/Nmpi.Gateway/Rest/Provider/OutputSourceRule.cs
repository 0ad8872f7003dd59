namespace Nmpi.Gateway.Rest.Provider;

/// <summary>The hosts and addresses one site's output URLs may point at.</summary>
public sealed class OutputSourceRule
{
    /// <summary>Any public host, no private address: the rule of a site without settings.</summary>
    public static OutputSourceRule Default { get; } = new();

    /// <summary>Host names the URLs may name: exact (<c>data.site.org</c>) or a domain's subdomains (<c>*.site.org</c>); empty allows every host.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Whether loopback, private, link-local and other non-public addresses may be fetched from (a site storage on an internal network).</summary>
    public bool AllowPrivateAddresses { get; set; }
}
