using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.GrainInterfaces.Adapters;

/// <summary>One site adapter (key: adapter id): registration, capacity, heartbeats and its leases.</summary>
[Alias("nmpi.IHardwareAdapterGrain")]
public interface IHardwareAdapterGrain : IGrainWithStringKey
{
    /// <summary>Registers or re-registers the adapter.</summary>
    [Alias("Register")]
    Task<AdapterTiming> RegisterAsync(AdapterRegistration registration);

    /// <summary>Long-polls for up to max jobs within the adapter's free capacity.</summary>
    [Alias("Lease"), AlwaysInterleave]
    Task<IReadOnlyList<LeaseGrant>> LeaseAsync(int max, TimeSpan wait);

    /// <summary>Renews the adapter's leases and names the jobs it must stop.</summary>
    [Alias("Heartbeat")]
    Task<HeartbeatResult> HeartbeatAsync(IReadOnlyList<LeaseRef> leases);

    /// <summary>Frees the slot of a job whose lease ended (completed, lapsed or cancelled).</summary>
    [Alias("Release"), OneWay]
    Task ReleaseAsync(long jobId);

    /// <summary>Returns the registration, or null when the adapter never registered.</summary>
    [Alias("GetRegistration")]
    Task<AdapterRegistration?> GetRegistrationAsync();
}
