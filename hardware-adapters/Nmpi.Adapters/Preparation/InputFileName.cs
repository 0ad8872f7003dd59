using System.Text;

namespace Nmpi.Adapters.Preparation;

/// <summary>The file name an input data URL is saved under: the last segment of its path, made safe.</summary>
public static class InputFileName
{
    private const int MaxBytes = 255;

    /// <summary>The sanitized name; refuses a URL whose path ends without a usable name.</summary>
    public static string For(SourceUrl url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var segment = url.Uri.Segments.Length == 0 ? "" : url.Uri.Segments[^1];
        var decoded = Uri.UnescapeDataString(segment.TrimEnd('/'));

        // Anything but letters, digits and . _ - + becomes _, so a name never carries a separator, a control character or a shell surprise.
        var name = new StringBuilder(decoded.Length);
        foreach (var c in decoded)
        {
            name.Append(char.IsLetterOrDigit(c) || c is '.' or '_' or '-' or '+' ? c : '_');
        }

        var result = name.ToString();
        if (result.Length == 0 || result.All(c => c == '.') || segment.EndsWith('/'))
        {
            throw new JobPreparationException($"{url.What} {url.Shown} has no file name at the end of its path");
        }

        if (Encoding.UTF8.GetByteCount(result) > MaxBytes)
        {
            throw new JobPreparationException($"{url.What} {url.Shown} ends in a file name longer than {MaxBytes} bytes");
        }

        return result;
    }
}
