namespace Nmpi.Adapters.Platforms;

/// <summary>
/// Something a set-up step needs from the network, fetched by the adapter itself through its guarded, address-pinned
/// fetchers (no job code runs while it fetches) into the job directory before any step runs.
/// </summary>
/// <param name="Key">The hardware_config key, e.g. extra_git_repositories.</param>
/// <param name="Index">The entry's position in its list, as failure messages name it.</param>
/// <param name="Description">The fetch as the log shows it, without credentials.</param>
/// <param name="Url">The URL to fetch.</param>
/// <param name="Target">Where it goes, relative to the job directory; nothing may be there yet.</param>
/// <param name="IsClone">A git clone (true) or a single file's download (false).</param>
public sealed record SetupFetch(string Key, int Index, string Description, string Url, string Target, bool IsClone);
