using Nmpi.Adapters.Execution;
using Nmpi.Adapters.Platforms;

namespace Nmpi.Adapters;

/// <summary>How a site adapter reaches the gateway, which platform it serves and how it runs jobs.</summary>
public sealed class AdapterOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string Section = "Nmpi:Adapter";

    /// <summary>The gateway's gRPC address, e.g. http://gateway:5000.</summary>
    public string GatewayUrl { get; set; } = "";

    /// <summary>The site's provider API key, sent as x-api-key.</summary>
    public string ApiKey { get; set; } = "";

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

    /// <summary>Whether jobs run without network (bubblewrap): Auto where bubblewrap works, Required, or Off.</summary>
    public NetworkIsolation NetworkIsolation { get; set; } = NetworkIsolation.Auto;

    /// <summary>Absolute paths a job may write besides its own directory when bubblewrap makes the rest read-only (e.g. a shared cache).</summary>
    public List<string> WritablePaths { get; set; } = [];

    /// <summary>Environment variables set for every job, e.g. CYTHON_CACHE_DIR for a cache shared between jobs.</summary>
    public Dictionary<string, string> JobEnvironment { get; set; } = new(StringComparer.Ordinal);
}
