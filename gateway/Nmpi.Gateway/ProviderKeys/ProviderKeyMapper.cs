using Google.Protobuf.WellKnownTypes;
using Nmpi.GrainInterfaces.ProviderKeys;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.ProviderKeys;

/// <summary>Maps a stored provider key to the wire; there is no secret in either.</summary>
public static class ProviderKeyMapper
{
    public static Wire.ProviderKey ToWire(ProviderKey key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var wire = new Wire.ProviderKey
        {
            KeyId = key.KeyId,
            Site = key.Site,
            Label = key.Label,
            CreatedBy = key.CreatedBy,
            CreatedAt = Timestamp.FromDateTimeOffset(key.CreatedAt),
            LastUsedAt = key.LastUsedAt is { } used ? Timestamp.FromDateTimeOffset(used) : null,
            RevokedAt = key.RevokedAt is { } end ? Timestamp.FromDateTimeOffset(end) : null,
            ReplacedBy = key.ReplacedBy ?? "",
            Live = key.IsLiveAt(now),
        };
        wire.Platforms.AddRange(key.Platforms);
        return wire;
    }
}
