using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.Platforms;
using Nmpi.GrainInterfaces.Quotas;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Quotas;

/// <summary>Maps quota and request records to their wire messages, adding each platform's units from the catalog.</summary>
public static class QuotaMapper
{
    /// <summary>The units of a platform ("" for a name the catalog does not know).</summary>
    public static string UnitsOf(string platform) => PlatformCatalog.Find(platform)?.Units ?? "";

    /// <summary>The wire form of a quota.</summary>
    public static Wire.Quota ToWire(CollabQuota quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        var wire = new Wire.Quota
        {
            Collab = quota.Collab,
            Platform = quota.Platform,
            Units = UnitsOf(quota.Platform),
            Limit = (double)quota.Limit,
            Used = (double)quota.Used,
            Reserved = (double)quota.Reserved,
            Remaining = (double)quota.Remaining,
            Overdraft = (double)quota.Overdraft,
            Expired = quota.Expired,
            Source = quota.Source,
            GrantedBy = quota.GrantedBy,
            UpdatedAt = Timestamp.FromDateTimeOffset(quota.UpdatedAt),
        };
        if (quota.ExpiresAt is { } expires)
        {
            wire.ExpiresAt = Timestamp.FromDateTimeOffset(expires);
        }

        return wire;
    }

    /// <summary>The wire form of a request.</summary>
    public static Wire.ResourceRequest ToWire(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var wire = new Wire.ResourceRequest
        {
            Id = request.Id,
            Collab = request.Collab,
            Title = request.Title,
            Abstract = request.Abstract,
            Status = (Wire.ResourceRequestStatus)(int)request.Status,
            RequestedBy = request.RequestedBy,
            CreatedAt = Timestamp.FromDateTimeOffset(request.CreatedAt),
            DecidedBy = request.DecidedBy ?? "",
            DecisionNote = request.DecisionNote ?? "",
        };
        wire.Requested.AddRange(ToWire(request.Requested));
        wire.Granted.AddRange(ToWire(request.Granted ?? new Dictionary<string, decimal>()));
        SetIf(request.ExpiresAt, t => wire.ExpiresAt = t);
        SetIf(request.SubmittedAt, t => wire.SubmittedAt = t);
        SetIf(request.DecidedAt, t => wire.DecidedAt = t);
        return wire;
    }

    /// <summary>Per-platform amounts from the wire (validated before: names unique, amounts finite).</summary>
    public static Dictionary<string, decimal> FromWire(IEnumerable<Wire.PlatformAmount> amounts) =>
        amounts.ToDictionary(a => a.Platform, a => Math.Round((decimal)a.Amount, 6, MidpointRounding.AwayFromZero), StringComparer.Ordinal);

    private static IEnumerable<Wire.PlatformAmount> ToWire(IReadOnlyDictionary<string, decimal> amounts) =>
        amounts.OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => new Wire.PlatformAmount { Platform = a.Key, Amount = (double)a.Value, Units = UnitsOf(a.Key) });

    private static void SetIf(DateTimeOffset? value, Action<Timestamp> set)
    {
        if (value is { } at)
        {
            set(Timestamp.FromDateTimeOffset(at));
        }
    }
}
