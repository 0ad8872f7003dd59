namespace Nmpi.Gateway;

/// <summary>Settings of the gateway, bound from the configuration section <c>Nmpi:Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Nmpi:Gateway";

    /// <summary>Directory of the artifact store (output files and uploaded code files, content-addressed).</summary>
    public string ArtifactDirectory { get; set; } = "";

    /// <summary>Public HTTP base address capability URLs start with, e.g. http://127.0.0.1:5081.</summary>
    public string CapabilityBaseAddress { get; set; } = "";

    /// <summary>The largest LeaseJobs reply: jobs beyond it go back to the queue for the next call (adapters receive at most 4 MiB before 2026-12, 8 MiB since).</summary>
    public int MaxLeaseReplyBytes { get; set; } = 3 * 1024 * 1024;

    /// <summary>The longest <see cref="CapabilityUrlLifetime"/> the gateway accepts.</summary>
    public static readonly TimeSpan MaxCapabilityUrlLifetime = TimeSpan.FromHours(24);

    /// <summary>How long a capability URL stays valid after it is handed out (at most <see cref="MaxCapabilityUrlLifetime"/>).</summary>
    public TimeSpan CapabilityUrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Serve gRPC server reflection (a map of every service and message for tools such as grpcurl); off unless set, on in local mode.</summary>
    public bool GrpcReflection { get; set; }

    /// <summary>Base64 HMAC key (at least 32 bytes) that signs capability URLs; every gateway copy needs the same one.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>Largest output file an adapter may upload.</summary>
    public long MaxOutputFileBytes { get; set; } = 1L << 30;

    /// <summary>Largest code file a user may upload (UploadBlob).</summary>
    public long MaxCodeFileBytes { get; set; } = 64L << 20;

    /// <summary>Largest sum of file sizes one code bundle may hold.</summary>
    public long MaxCodeBundleBytes { get; set; } = 512L << 20;

    /// <summary>Longest an adapter's LeaseJobs long-poll may wait (the request may ask for less).</summary>
    public TimeSpan LeaseMaxWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long LeaseJobs waits when the request does not say.</summary>
    public TimeSpan LeaseDefaultWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Longest one waiting grain call (watch, follow, lease long-poll) may wait; longer waits are made of several calls.
    /// Keep it well under the Orleans response timeout (30 s by default), or the call fails as a timeout.
    /// </summary>
    public TimeSpan MaxGrainWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often an open stream (WatchJob, FollowJobLog, WatchCollabJobs) checks again that its caller's token and access still hold.</summary>
    public TimeSpan StreamRecheck { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most log text GetJob(include_log) puts into one reply; the rest is read with GetJobLog.</summary>
    public int MaxInlineLogBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Returns the decoded signing key (after validation this never fails).</summary>
    public byte[] SigningKeyBytes() => Convert.FromBase64String(SigningKey);
}
