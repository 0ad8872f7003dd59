using Nmpi.Adapters.Execution;
using Nmpi.Adapters.Platforms;

namespace Nmpi.Adapters;

/// <summary>How a site adapter reaches the gateway, which platform it serves and how it runs jobs.</summary>
public sealed class AdapterOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string Section = "Nmpi:Adapter";

    /// <summary>The gateway's gRPC address, e.g. https://gateway:5443, or several comma-separated, tried in order when one is down.</summary>
    public string GatewayUrl { get; set; } = "";

    /// <summary>Several gateways as a list (Nmpi:Adapter:GatewayUrls:0, :1, ...), tried in order; instead of GatewayUrl.</summary>
    public List<string> GatewayUrls { get; set; } = [];

    /// <summary>The gateway addresses as configured: GatewayUrls, else GatewayUrl split at commas.</summary>
    public IReadOnlyList<string> GatewayUrlList() =>
        GatewayUrls.Count > 0 ? GatewayUrls : GatewayUrl.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The site's provider API key, sent as x-api-key (discouraged: configuration and environment are easy to leak; use ApiKeyFile).</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>A file holding the provider API key, readable by its owner only (0600 or 0400); it wins over ApiKey.</summary>
    public string ApiKeyFile { get; set; } = "";

    /// <summary>The adapter's name, unique within its site.</summary>
    public string Name { get; set; } = "";

    /// <summary>The hardware platform the adapter runs jobs for (exact PlatformCatalog name).</summary>
    public string Platform { get; set; } = "";

    /// <summary>Jobs run at once, 1 to 1000.</summary>
    public int Capacity { get; set; } = 1;

    /// <summary>The directory under which each job gets its own working directory.</summary>
    public string WorkDirectory { get; set; } = "";

    /// <summary>What {system} in a job's command becomes: the PyNN backend of this site.</summary>
    public string Backend { get; set; } = "mock";

    /// <summary>The interpreter that runs job scripts.</summary>
    public string Python { get; set; } = "/usr/bin/python3";

    /// <summary>The most log text sent per job; beyond it the head and the tail are kept.</summary>
    public int MaxLogBytes { get; set; } = 1 << 20;

    /// <summary>How long one LeaseJobs call waits when nothing is queued (at most 60 s).</summary>
    public TimeSpan PollWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The wall-time limit of a job that carries none.</summary>
    public TimeSpan DefaultWallTimeLimit { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a killed job's processes get between SIGTERM and SIGKILL.</summary>
    public TimeSpan KillGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long before a lease could lapse at the gateway the kill of a job whose lease could not be renewed must be over;
    /// unset, a tenth of the gateway's lease, at least 2 s (see LeaseFence). HeartbeatInterval + KillGrace + this must stay below the lease.
    /// </summary>
    public TimeSpan? LeaseSafetyMargin { get; set; }

    /// <summary>How long cloning a job's git repository may take before git is killed.</summary>
    public TimeSpan GitCloneTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one download (a code archive or one input data file) may take.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The largest file a job may download (a code archive or one input data file), in bytes.</summary>
    public long MaxDownloadBytes { get; set; } = 1L << 30;

    /// <summary>The most bytes a code archive may unpack to, counted as they are written.</summary>
    public long MaxExtractedBytes { get; set; } = 4L << 30;

    /// <summary>The most entries (files and folders) a code archive may hold.</summary>
    public int MaxArchiveEntries { get; set; } = 100_000;

    /// <summary>The most bytes a job's git clone may hold (working tree and .git together), watched while it runs.</summary>
    public long MaxGitCloneBytes { get; set; } = 4L << 30;

    /// <summary>
    /// Whether jobs' code and input data URLs may lead to the site's own network: loopback, private, link-local
    /// (cloud metadata), shared and reserved addresses. Off by default, so a job cannot read internal services.
    /// </summary>
    public bool AllowInternalUrls { get; set; }

    /// <summary>Whether jobs may name file:// URLs for code, input data and set-up steps (paths on the site's own machine; off by default).</summary>
    public bool AllowFileUrls { get; set; }

    /// <summary>Platform-specific settings (section Nmpi:Adapter:Platforms).</summary>
    public PlatformOptions Platforms { get; set; } = new();

    /// <summary>The most memory, in bytes, all processes of one job may use together (4 GiB unless set).</summary>
    public long MemoryLimit { get; set; } = 4L << 30;

    /// <summary>The most processes (and threads, under cgroups) one job may run at once; a job that tries for more is killed.</summary>
    public int MaxProcesses { get; set; } = 256;

    /// <summary>How memory and processes are capped: Auto picks the best this machine offers (cgroup v2, cgroup v1, rlimits).</summary>
    public SandboxMode Sandbox { get; set; } = SandboxMode.Auto;

    /// <summary>
    /// Whether jobs run in the bubblewrap sandbox (own user, minimal read-only root, no network): Required (the default;
    /// the adapter refuses to start without a working one), or the explicit opt-outs Auto (fall back when missing) and Off.
    /// </summary>
    public NetworkIsolation NetworkIsolation { get; set; } = NetworkIsolation.Required;

    /// <summary>The bubblewrap program: a name looked up on PATH, or an absolute path.</summary>
    public string BubblewrapProgram { get; set; } = "bwrap";

    /// <summary>Absolute paths jobs may read besides the sandbox's minimal root (e.g. a site's tools under /opt).</summary>
    public List<string> ReadOnlyPaths { get; set; } = [];

    /// <summary>
    /// Absolute paths every job may write besides its own directory (discouraged: one job can plant files another job
    /// then runs; prefer SharedCythonCache).
    /// </summary>
    public List<string> WritablePaths { get; set; } = [];

    /// <summary>
    /// A Cython/Brian2 cache the operator warmed (deploy/scripts/warm-brian2.sh): read-only in jobs, each of which
    /// compiles new models into a cache of its own seeded from it.
    /// </summary>
    public string SharedCythonCache { get; set; } = "";

    /// <summary>The first user id jobs run as when the adapter runs as root; each running job gets one of its own.</summary>
    public int FirstJobUserId { get; set; } = 1_500_000_000;

    /// <summary>How many user ids from FirstJobUserId jobs may use (at least Capacity).</summary>
    public int JobUserIdCount { get; set; } = 65_536;

    /// <summary>Whether a job's directory is kept after its outputs are uploaded (for debugging; off, so no job's files linger).</summary>
    public bool KeepJobDirectories { get; set; }

    /// <summary>Environment variables set for every job, e.g. CYTHON_CACHE_DIR for a cache shared between jobs.</summary>
    public Dictionary<string, string> JobEnvironment { get; set; } = new(StringComparer.Ordinal);
}
