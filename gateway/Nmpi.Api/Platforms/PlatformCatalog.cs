namespace Nmpi.Api.Platforms;

/// <summary>The platforms jobs may target; shared by the gateway's validation and the site adapters.</summary>
public static class PlatformCatalog
{
    public const string BrainScaleS = "BrainScaleS";
    public const string SpiNNaker = "SpiNNaker";
    public const string BrainScaleSEss = "BrainScaleS-ESS";
    public const string Spikey = "Spikey";

    // The ESS is a software model of the wafer system, so it accepts the same configuration keys.
    private static readonly Dictionary<string, HardwareConfigValueKind> BrainScaleSKeys = new(StringComparer.Ordinal)
    {
        ["SOFTWARE_VERSION"] = HardwareConfigValueKind.String,
        ["WAFER_MODULE"] = HardwareConfigValueKind.Integer,
        ["HICANN"] = HardwareConfigValueKind.IntegerOrIntegerList,
        ["FPGA"] = HardwareConfigValueKind.IntegerOrIntegerList,
    };

    private static readonly Dictionary<string, HardwareConfigValueKind> SpiNNakerKeys = new(StringComparer.Ordinal)
    {
        ["spynnaker_version"] = HardwareConfigValueKind.String,
        ["spinnaker_tools_version"] = HardwareConfigValueKind.String,
        ["extra_pip_installs"] = HardwareConfigValueKind.StringList,
        ["extra_git_repositories"] = HardwareConfigValueKind.StringList,
        ["extra_makes"] = HardwareConfigValueKind.StringList,
        ["extra_python_setups"] = HardwareConfigValueKind.StringList,
    };

    /// <summary>Every platform, in a stable order.</summary>
    public static IReadOnlyList<PlatformInfo> All { get; } =
    [
        new(BrainScaleS, "wafer-hours", BrainScaleSKeys),
        new(SpiNNaker, "core-hours", SpiNNakerKeys),
        new(BrainScaleSEss, "hours", BrainScaleSKeys),
        new(Spikey, "hours", new Dictionary<string, HardwareConfigValueKind>(StringComparer.Ordinal)),
    ];

    /// <summary>Finds a platform by its exact (case-sensitive) name.</summary>
    public static PlatformInfo? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary>Finds a platform whose name matches ignoring case, to suggest the exact spelling.</summary>
    public static PlatformInfo? FindIgnoringCase(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
