namespace Nmpi.Gateway.Rest.Provider;

/// <summary>Where the gateway may fetch the output files REST sites report, per site; bound from <c>Nmpi:Rest:OutputSources</c>.</summary>
public sealed class OutputSourceOptions
{
    public const string SectionName = "Nmpi:Rest:OutputSources";

    /// <summary>The rules of each site (the site of its provider keys); a site not named here gets <see cref="OutputSourceRule.Default"/>.</summary>
    public Dictionary<string, OutputSourceRule> Sites { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The rule for <paramref name="site"/>.</summary>
    public OutputSourceRule For(string site) => Sites.TryGetValue(site, out var rule) ? rule : OutputSourceRule.Default;
}
