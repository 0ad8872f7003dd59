using System.Globalization;
using Nmpi.Api.V1;

namespace Nmpi.JobManager.Display;

/// <summary>Resource requests as the pages name them.</summary>
public static class RequestText
{
    public static string Label(ResourceRequestStatus status) => status switch
    {
        ResourceRequestStatus.InPreparation => "in preparation",
        ResourceRequestStatus.UnderReview => "under review",
        ResourceRequestStatus.Accepted => "accepted",
        ResourceRequestStatus.Rejected => "rejected",
        _ => "unknown",
    };

    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>"12 hours on Spikey, 3 core-hours on SpiNNaker".</summary>
    public static string Amounts(IEnumerable<PlatformAmount> amounts) =>
        string.Join(", ", amounts.Select(a => $"{Number(a.Amount)} {a.Units} on {a.Platform}".Replace("  ", " ", StringComparison.Ordinal)));
}
