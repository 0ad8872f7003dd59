using Microsoft.Extensions.Options;
using Nmpi.GrainInterfaces.Code;
using Nmpi.Grains.Storage;

namespace Nmpi.Grains.Code;

/// <summary>Owner areas' storage accounting over <see cref="CodeStorageStore"/>: stateless, as every decision is one atomic statement.</summary>
[StatelessWorker]
public sealed class CodeStorageGrain(CodeStorageStore store, IOptions<CodeStorageOptions> options, TimeProvider time) : Grain, ICodeStorageGrain
{
    private readonly CodeStorageOptions _options = options.Value;

    public async Task<StorageReservation> ReserveAsync(string owner, long bytes)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var limit = _options.LimitOf(owner);
        var (granted, used) = await store.ReserveAsync(owner, bytes, limit);
        return new StorageReservation(granted, used, limit);
    }

    public Task ReleaseAsync(string owner, long bytes) => store.ReleaseAsync(owner, bytes);

    public Task RecordAsync(string owner, string sha256, long bytes) => store.RecordAsync(owner, sha256, bytes, time.GetUtcNow());

    public Task TouchAsync(string owner, IReadOnlyList<string> sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        return sha256.Count == 0 ? Task.CompletedTask : store.TouchAsync(owner, sha256, time.GetUtcNow());
    }

    public Task<IReadOnlyList<CollectedBlob>> CollectAsync(int max) => store.CollectAsync(time.GetUtcNow() - _options.UnreferencedGrace, max);
}
