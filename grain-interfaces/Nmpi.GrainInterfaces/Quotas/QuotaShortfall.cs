using System.Globalization;

namespace Nmpi.GrainInterfaces.Quotas;

/// <summary>Why a submit was not admitted: the quota's state when it was refused (no quota: Limit 0, Exists false).</summary>
[GenerateSerializer, Immutable, Alias("nmpi.QuotaShortfall")]
public sealed record QuotaShortfall(
    [property: Id(0)] string Collab,
    [property: Id(1)] string Platform,
    [property: Id(2)] bool Exists,
    [property: Id(3)] decimal Limit,
    [property: Id(4)] decimal Used,
    [property: Id(5)] decimal Reserved,
    [property: Id(6)] decimal Remaining,
    [property: Id(7)] decimal Estimate,
    [property: Id(8)] DateTimeOffset? ExpiresAt,
    [property: Id(9)] bool Expired)
{
    /// <summary>Where to ask for more, the end of every refusal.</summary>
    public const string HowToAskForMore =
        "Ask for more with a resource request (`nmpi quota request`, or Quotas.CreateResourceRequest), then submit it for review.";

    /// <summary>Says how much is left on the platform, in its units when given, and how to ask for more.</summary>
    public string Describe(string? units)
    {
        var unit = string.IsNullOrEmpty(units) ? "" : " " + units;
        var what = !Exists
            ? $"Collab '{Collab}' has no quota on {Platform} (0{unit} left)."
            : Expired
                ? $"The quota of collab '{Collab}' on {Platform} expired at {ExpiresAt?.ToString("u", CultureInfo.InvariantCulture)} (0{unit} left)."
                : $"Collab '{Collab}' has {Amount(Remaining)}{unit} left on {Platform} " +
                  $"(limit {Amount(Limit)}, used {Amount(Used)}, held by unfinished jobs {Amount(Reserved)}); " +
                  $"a job reserves {Amount(Estimate)}{unit}.";
        return $"{what} {HowToAskForMore}";
    }

    /// <summary>An amount as shown to users: invariant culture, at most six decimals, no trailing zeros.</summary>
    public static string Amount(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
