using System.Text;
using Nmpi.Api.V1;

namespace Nmpi.JobManager.Display;

/// <summary>How an output file is previewed on its job's page: raster images inline, text files by their beginning.</summary>
public static class OutputPreview
{
    /// <summary>The most of a text file the page shows.</summary>
    public const int TextBytes = 4 * 1024;

    /// <summary>Larger images are only linked, never shown inline.</summary>
    public const long MaxImageBytes = 5L * 1024 * 1024;

    /// <summary>At most this many text previews per page (each is a download).</summary>
    public const int MaxTextPreviews = 8;

    // Raster formats only: an SVG is a document that can carry script.
    private static readonly Dictionary<string, string> ImageTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
    };

    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".txt", ".csv", ".tsv", ".log", ".json", ".py", ".dat", ".out", ".yaml", ".yml", ".md", ".xml", ".ini", ".cfg",
    };

    /// <summary>The image type the preview is served as, or null when the file is not a previewable image.</summary>
    public static string? ImageType(OutputFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Size > MaxImageBytes || !ImageTypes.TryGetValue(Path.GetExtension(file.Path), out var type))
        {
            return null;
        }

        // The stored type must agree (or say nothing), so a mislabelled file is not shown as something else.
        var stored = BaseType(file.ContentType);
        return stored.Length == 0 || stored == "application/octet-stream" || stored == type ? type : null;
    }

    public static bool IsText(OutputFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var stored = BaseType(file.ContentType);
        return stored.StartsWith("text/", StringComparison.Ordinal) || stored == "application/json"
            || ((stored.Length == 0 || stored == "application/octet-stream") && TextExtensions.Contains(Path.GetExtension(file.Path)));
    }

    /// <summary>The beginning of a text file as text, or null when the bytes are not text (NUL bytes).</summary>
    public static string? Text(ReadOnlySpan<byte> head)
    {
        if (head.Contains((byte)0))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(head[..Math.Min(head.Length, TextBytes)]);
        // A character cut at the end of the preview decodes as U+FFFD: drop it rather than show it.
        return head.Length >= TextBytes ? text.TrimEnd('\uFFFD') : text;
    }

    private static string BaseType(string contentType)
    {
        var end = contentType.IndexOf(';', StringComparison.Ordinal);
        return (end < 0 ? contentType : contentType[..end]).Trim().ToLowerInvariant();
    }
}
