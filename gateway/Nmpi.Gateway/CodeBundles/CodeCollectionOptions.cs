namespace Nmpi.Gateway.CodeBundles;

/// <summary>How often a gateway removes code files no bundle names (section <c>Nmpi:Gateway:CodeCollection</c>); the grace period is the silo's <c>Nmpi:CodeStorage</c>.</summary>
public sealed class CodeCollectionOptions
{
    public const string SectionName = "Nmpi:Gateway:CodeCollection";

    /// <summary>Time between sweeps; zero or less turns the sweep off.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most files one round of a sweep removes; a sweep runs rounds until one finds fewer.</summary>
    public int BatchSize { get; set; } = 500;
}
