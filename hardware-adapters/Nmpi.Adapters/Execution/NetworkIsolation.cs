namespace Nmpi.Adapters.Execution;

/// <summary>Whether jobs run without network access (bubblewrap with a private network namespace).</summary>
public enum NetworkIsolation
{
    /// <summary>Isolate when bubblewrap is installed and works here; otherwise run with the network and say so in provenance.</summary>
    Auto,

    /// <summary>Always isolate; the adapter refuses to start when bubblewrap is missing or does not work.</summary>
    Required,

    /// <summary>Never isolate: jobs run without bubblewrap and keep the machine's network.</summary>
    Off,
}
