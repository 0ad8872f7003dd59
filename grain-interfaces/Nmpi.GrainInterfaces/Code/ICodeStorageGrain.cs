namespace Nmpi.GrainInterfaces.Code;

/// <summary>
/// The bytes each owner area (a user's own code store or a collab's) holds: reserves room before an upload,
/// records what was stored, and gives the collector the files no bundle names once their grace period is over.
/// </summary>
[Alias("nmpi.ICodeStorageGrain")]
public interface ICodeStorageGrain : IGrainWithIntegerKey
{
    /// <summary>Reserves room for an upload of this many bytes in the owner's area, unless that would pass the area's limit.</summary>
    [Alias("Reserve")]
    Task<StorageReservation> ReserveAsync(string owner, long bytes);

    /// <summary>Gives back a reservation whose upload stored nothing new.</summary>
    [Alias("Release")]
    Task ReleaseAsync(string owner, long bytes);

    /// <summary>Records a stored file against its reservation; a file the area already held gives the reservation back.</summary>
    [Alias("Record")]
    Task RecordAsync(string owner, string sha256, long bytes);

    /// <summary>Marks files of the area as just used (asked about or named), so the collector spares them for its grace period.</summary>
    [Alias("Touch")]
    Task TouchAsync(string owner, IReadOnlyList<string> sha256);

    /// <summary>Forgets (and frees the bytes of) up to <paramref name="max"/> files that no bundle of their owner names and nobody touched within the grace period; the caller deletes them.</summary>
    [Alias("Collect")]
    Task<IReadOnlyList<CollectedBlob>> CollectAsync(int max);
}
