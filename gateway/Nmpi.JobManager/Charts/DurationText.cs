using System.Globalization;

namespace Nmpi.JobManager.Charts;

/// <summary>Durations in seconds for people: seconds, minutes, hours or days, whichever reads best.</summary>
public static class DurationText
{
    public static string Of(double seconds) => seconds switch
    {
        < 90 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.#} s"),
        < 90 * 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.#} min"),
        < 36 * 3600 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.#} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86400:0.#} d"),
    };
}
