namespace Nmpi.JobManager;

/// <summary>What the banner on every page says: the operator's read-only message, and what currently works less well than usual.</summary>
/// <param name="ReadOnlyMessage">The operator's message while the service is read-only; null otherwise.</param>
/// <param name="Degradations">One sentence per problem found by the health probe (database, cluster, platforms without a site).</param>
public sealed record ServiceNotice(string? ReadOnlyMessage, IReadOnlyList<string> Degradations)
{
    /// <summary>All is well: no banner.</summary>
    public static ServiceNotice None { get; } = new(null, []);

    /// <summary>True when there is something to show.</summary>
    public bool IsEmpty => ReadOnlyMessage is null && Degradations.Count == 0;
}
