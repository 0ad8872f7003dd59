namespace Nmpi.Gateway.Adapters;

/// <summary>Whose job a report refused by the lease fence was about, as the reporting key sees it.</summary>
public enum FencedJobOwner
{
    /// <summary>The key's own job (a stale lease of its adapter, or a job back in a queue it serves): the fence's answer stands.</summary>
    Caller,

    /// <summary>Another key's job, or one the key may not see: answered as if it did not exist.</summary>
    Stranger,

    /// <summary>Held by another adapter of the key's site and platform: the adapter's key binding decides.</summary>
    SiteAdapter,
}
