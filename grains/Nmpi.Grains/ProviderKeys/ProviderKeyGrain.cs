using Microsoft.Extensions.Logging;
using Nmpi.GrainInterfaces.ProviderKeys;
using Npgsql;

namespace Nmpi.Grains.ProviderKeys;

/// <summary>
/// One provider key: every gateway asks this one activation, so a revocation or rotation made through it holds at once
/// everywhere. The row is cached, and read again after <see cref="ProviderKeyPolicy.ReloadAfter"/>.
/// </summary>
public sealed partial class ProviderKeyGrain(ProviderKeyStore store, TimeProvider time, ILogger<ProviderKeyGrain> log) : Grain, IProviderKeyGrain
{
    private StoredProviderKey? _row;
    private DateTimeOffset _loadedAt;
    private DateTimeOffset? _useRecordedAt;

    private string KeyId => this.GetPrimaryKeyString();

    public async Task<ProviderKey?> AuthenticateAsync(byte[] keyHash, NewProviderKey? seed)
    {
        ArgumentNullException.ThrowIfNull(keyHash);
        var row = await RowAsync();
        if (row is null && seed is not null && ProviderKeyPolicy.Matches(seed.KeyHash, keyHash))
        {
            await store.SeedAsync(KeyId, seed, time.GetUtcNow());
            row = await LoadAsync();
        }

        var now = time.GetUtcNow();
        if (row is null || !ProviderKeyPolicy.Matches(row.Hash, keyHash) || !row.Key.IsLiveAt(now))
        {
            return null;
        }

        if (ProviderKeyPolicy.ShouldRecordUse(_useRecordedAt, now))
        {
            _useRecordedAt = now;
            try
            {
                await store.RecordUseAsync(KeyId, now);
                _row = row = row with { Key = row.Key with { LastUsedAt = now } };
            }
            catch (NpgsqlException error)
            {
                // The last use is for the listing only: a live key is not refused because it could not be written.
                LogUseNotRecorded(KeyId, error);
            }
        }

        return row.Key;
    }

    public async Task<ProviderKey> SeedAsync(NewProviderKey seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        await store.SeedAsync(KeyId, seed, time.GetUtcNow());
        var row = await LoadAsync() ?? throw new InvalidOperationException($"Provider key {KeyId} was seeded but cannot be read back.");
        return row.Key;
    }

    public async Task<ProviderKey?> CreateAsync(NewProviderKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var stored = await store.InsertAsync(KeyId, key, time.GetUtcNow());
        var row = await LoadAsync();
        return stored ? row?.Key : null;
    }

    public async Task<ProviderKey?> GetAsync() => (await RowAsync())?.Key;

    public async Task<ProviderKey?> RevokeAsync()
    {
        // Read afresh: a revocation must not act on a stale row.
        var row = await LoadAsync();
        if (row is null)
        {
            return null;
        }

        var end = ProviderKeyPolicy.RevocationEnd(row.Key, time.GetUtcNow());
        if (end != row.Key.RevokedAt)
        {
            await store.SetEndAsync(KeyId, end);
            row = await LoadAsync();
        }

        return row?.Key;
    }

    public async Task<ProviderKeyRotation> RotateAsync(string newKeyId, byte[] newKeyHash, TimeSpan grace, string rotatedBy)
    {
        ArgumentNullException.ThrowIfNull(newKeyId);
        ArgumentNullException.ThrowIfNull(newKeyHash);
        var old = (await LoadAsync())?.Key;
        var now = time.GetUtcNow();
        var outcome = ProviderKeyPolicy.CanRotate(old, now);
        if (outcome != RotationOutcome.Rotated || old is null)
        {
            return new ProviderKeyRotation(outcome, old, null);
        }

        var replacement = new NewProviderKey(newKeyHash, old.Site, old.Platforms, old.Label, rotatedBy);
        if (!await store.RotateAsync(KeyId, ProviderKeyPolicy.RotationEnd(old, now, grace), newKeyId, replacement, now))
        {
            // Changed outside this activation since the read: answer from the row as it is now.
            old = (await LoadAsync())?.Key;
            var again = ProviderKeyPolicy.CanRotate(old, now);
            return new ProviderKeyRotation(again == RotationOutcome.Rotated ? RotationOutcome.AlreadyRotated : again, old, null);
        }

        var updated = (await LoadAsync())?.Key;
        var fresh = GrainFactory.GetGrain<IProviderKeyGrain>(newKeyId);
        await fresh.ReloadAsync();
        return new ProviderKeyRotation(RotationOutcome.Rotated, updated, await fresh.GetAsync());
    }

    public Task ReloadAsync()
    {
        _row = null;
        return Task.CompletedTask;
    }

    private async Task<StoredProviderKey?> RowAsync() =>
        _row is not null && !ProviderKeyPolicy.ShouldReload(_loadedAt, time.GetUtcNow()) ? _row : await LoadAsync();

    // A miss is not remembered: the key may be created a moment later (by a rotation in another key's grain).
    private async Task<StoredProviderKey?> LoadAsync()
    {
        _row = await store.LoadAsync(KeyId);
        _loadedAt = time.GetUtcNow();
        return _row;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The last use of provider key {KeyId} could not be recorded")]
    private partial void LogUseNotRecorded(string keyId, Exception error);
}
