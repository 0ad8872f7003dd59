namespace Nmpi.Adapters.Platforms;

/// <summary>Platform-specific settings of a site: how usage is counted and how SpiNNaker set-up steps install software.</summary>
public sealed class PlatformOptions
{
    /// <summary>The SpiNNaker cores one job is charged for (default: one SpiNN-5 board, 48 chips of 18 cores).</summary>
    public int SpiNNakerCores { get; set; } = 48 * 18;

    /// <summary>The trusted index the wheels of pip requirements are downloaded from (wheels only, with the network); empty keeps pip's own configuration (PyPI unless the site's pip.conf says otherwise).</summary>
    public string PipIndexUrl { get; set; } = "";

    /// <summary>Downloads nothing from an index: requirements install only from what the environment has, for sites without a package index.</summary>
    public bool PipNoIndex { get; set; }

    /// <summary>Whether extra_git_repositories may use ssh:// and git:// (off: ssh clones with the site's own keys, and neither can be checked like https).</summary>
    public bool AllowSshAndGitUrls { get; set; }

    /// <summary>The time one set-up step (a clone, an install, a make) may take.</summary>
    public TimeSpan SetupStepTimeLimit { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Problems that make the settings unusable, each naming its key under the adapter's section.</summary>
    public IEnumerable<string> Problems(string section)
    {
        if (SpiNNakerCores is < 1 or > 1_000_000_000)
        {
            yield return $"{section}:SpiNNakerCores must be 1 to 1000000000.";
        }

        if (PipIndexUrl.Length > 0 && (!Uri.TryCreate(PipIndexUrl, UriKind.Absolute, out var index) || index.Scheme is not ("http" or "https" or "file")))
        {
            yield return $"{section}:PipIndexUrl must be an absolute http, https or file address.";
        }

        if (PipIndexUrl.Length > 0 && PipNoIndex)
        {
            yield return $"{section}:PipIndexUrl and PipNoIndex exclude each other.";
        }

        if (SetupStepTimeLimit <= TimeSpan.Zero)
        {
            yield return $"{section}:SetupStepTimeLimit must be positive.";
        }
    }
}
