namespace Nmpi.Adapters.Platforms;

/// <summary>What an extra_pip_installs entry names, which decides who fetches it and how.</summary>
public enum PipEntryKind
{
    /// <summary>A requirement by name (numpy==1.26): pip downloads its wheels from the site's index.</summary>
    Requirement = 0,

    /// <summary>An http(s) file (a wheel or a source archive): the adapter downloads it through its guarded fetcher.</summary>
    Download = 1,

    /// <summary>A path inside the job directory: nothing is fetched.</summary>
    LocalPath = 2,

    /// <summary>A file URL on the site's machine (only where the site allows them): nothing is fetched.</summary>
    SiteFile = 3,
}
