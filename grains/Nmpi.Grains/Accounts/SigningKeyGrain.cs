using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Grains.Accounts;

/// <summary>The bearer-token signing keys (key 0): a single activation, so the first key is created once.</summary>
public sealed class SigningKeyGrain(SigningKeyStore store, TimeProvider time) : Grain, ISigningKeyGrain
{
    private IReadOnlyList<SigningKey>? _keys;

    public async Task<IReadOnlyList<SigningKey>> GetKeysAsync()
    {
        _keys ??= await store.LoadActiveAsync();
        if (_keys.Count == 0)
        {
            _keys = [await store.CreateAsync(time.GetUtcNow())];
        }

        return _keys;
    }

    public async Task<SigningKey> RotateAsync()
    {
        var key = await store.CreateAsync(time.GetUtcNow());
        _keys = null;
        return key;
    }

    public async Task RetireAsync(string keyId)
    {
        await store.RetireAsync(keyId, time.GetUtcNow());
        _keys = null;
    }
}
