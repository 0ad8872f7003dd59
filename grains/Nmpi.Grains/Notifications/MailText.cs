using System.Globalization;
using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Grains.Notifications;

/// <summary>How times, durations, sizes and reasons read in messages; pure.</summary>
public static class MailText
{
    /// <summary>A moment in UTC, to the second.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A duration in hours, minutes and seconds, e.g. "1 h 02 min 03 s".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1))
        {
            return "less than a second";
        }

        var hours = (long)span.TotalHours;
        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours} h {span.Minutes:00} min {span.Seconds:00} s")
            : span.Minutes > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{span.Minutes} min {span.Seconds:00} s")
                : string.Create(CultureInfo.InvariantCulture, $"{span.Seconds} s");
    }

    /// <summary>A size in bytes, KiB, MiB or GiB.</summary>
    public static string Size(long bytes)
    {
        string[] units = ["KiB", "MiB", "GiB", "TiB"];
        if (bytes < 1024)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
        }

        var value = (double)bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    /// <summary>A number of resource units without needless digits, e.g. 0.25 or 1000.</summary>
    public static string Amount(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The failure category in words.</summary>
    public static string Reason(FailureReason reason) => reason switch
    {
        FailureReason.UserCodeError => "error in the job's code",
        FailureReason.InvalidInput => "invalid input",
        FailureReason.PlatformError => "platform error",
        FailureReason.Timeout => "time limit exceeded",
        FailureReason.Quota => "quota exhausted",
        FailureReason.LostLease => "the site stopped answering",
        FailureReason.Memory => "memory limit exceeded",
        FailureReason.ProcessLimit => "process limit exceeded",
        _ => "unknown",
    };

    /// <summary>Text safe for a subject line: one line, no control characters, at most 150 characters.</summary>
    public static string OneLine(string text)
    {
        var flat = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return flat.Length <= 150 ? flat : string.Concat(flat.AsSpan(0, 150), "…");
    }
}
