using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.Platforms;

namespace Nmpi.Adapters.Platforms;

/// <summary>
/// The site's own check of a job's hardware_config against its platform's keys and value shapes: the gateway checked
/// it at submit, but a site runs what it is given and so never takes the queue's word for it.
/// </summary>
public static class HardwareConfigCheck
{
    /// <summary>One problem per unknown key or wrongly shaped value, each starting <c>hardware_config.KEY</c>; empty when the config is valid.</summary>
    public static IReadOnlyList<string> Problems(PlatformInfo platform, Struct? config) =>
        HardwareConfigRules.Check(platform, config).Select(p => $"hardware_config.{p.Key}: {p.Problem}").ToArray();

    /// <summary>The strings of a list-of-strings value, or none when the key is absent.</summary>
    public static IReadOnlyList<string> Strings(Struct? config, string key) =>
        config is not null && config.Fields.TryGetValue(key, out var value) && value.KindCase == Value.KindOneofCase.ListValue
            ? value.ListValue.Values.Select(v => v.StringValue).ToArray()
            : [];
}
