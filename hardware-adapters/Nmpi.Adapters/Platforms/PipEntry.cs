using System.Net;
using System.Text.RegularExpressions;
using Nmpi.Adapters.Preparation;

namespace Nmpi.Adapters.Platforms;

/// <summary>
/// One extra_pip_installs entry, classified from its text alone: a requirement, an http(s) file to download (with the
/// requirement it stands for, when written <c>name @ https://…</c>), a path inside the job directory or a site file URL.
/// </summary>
/// <param name="Kind">What the entry names.</param>
/// <param name="Text">The entry as pip reads it (trimmed).</param>
/// <param name="Url">The URL to download, for <see cref="PipEntryKind.Download"/>.</param>
/// <param name="FileName">The downloaded file's name (a wheel's name tells pip what it is), for <see cref="PipEntryKind.Download"/>.</param>
/// <param name="Requirement">The <c>name[extras]</c> before <c>@</c>, or null for a bare URL.</param>
/// <param name="LocalPath">The path checked on disk when its step starts, for <see cref="PipEntryKind.LocalPath"/>.</param>
public sealed partial record PipEntry(PipEntryKind Kind, string Text, string? Url = null, string? FileName = null, string? Requirement = null, string? LocalPath = null)
{
    /// <summary>The entry classified, or null with the reason it cannot be installed here.</summary>
    public static PipEntry? Parse(string entry, bool allowFileUrls, bool allowInternal, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(entry);
        problem = null;
        var trimmed = entry.Trim();
        if (trimmed.Length == 0 || trimmed.StartsWith('-'))
        {
            problem = $"'{entry}' must be a requirement or a path, not a pip option";
            return null;
        }

        if (trimmed.Contains("file:", StringComparison.OrdinalIgnoreCase))
        {
            problem = allowFileUrls ? null : $"'{entry}': file URLs are not accepted by this site";
            return allowFileUrls ? new(PipEntryKind.SiteFile, trimmed) : null;
        }

        if (trimmed.Contains("://", StringComparison.Ordinal))
        {
            return Download(entry, trimmed, allowInternal, out problem);
        }

        if (LooksLikePath(trimmed))
        {
            // Extras ("./pkg[fast]") follow the path; the path alone is checked.
            var bracket = trimmed.IndexOf('[', StringComparison.Ordinal);
            var local = bracket < 0 ? trimmed : trimmed[..bracket];
            problem = JobPath.TextProblem(local);
            return problem is null ? new(PipEntryKind.LocalPath, trimmed, LocalPath: local) : null;
        }

        if (trimmed.Contains('@', StringComparison.Ordinal))
        {
            problem = $"'{entry}': a direct reference must be written 'name @ https://…/file.whl'";
            return null;
        }

        return new(PipEntryKind.Requirement, trimmed);
    }

    private static PipEntry? Download(string entry, string trimmed, bool allowInternal, out string? problem)
    {
        problem = null;
        var reference = DirectReference().Match(trimmed);
        var text = reference.Success ? reference.Groups["url"].Value : trimmed;
        if (VersionControl().IsMatch(text))
        {
            // pip would clone by itself, unguarded; the adapter's guarded clone does it instead.
            problem = $"'{entry}': version-control URLs are not installed by this site; list the repository in {SpiNNakerSetupPlan.GitRepositories} and install its path (e.g. ./repository)";
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            problem = $"'{entry}' must be a requirement, a path, 'name @ https://…' or an https or http URL";
            return null;
        }

        // Names are checked again, resolved, when the adapter downloads; a literal address is refused at once.
        if (!allowInternal && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && SiteNetworkGuard.IsInternal(address))
        {
            problem = $"'{entry}' leads to {address}, an address of the site's own network, which this site does not fetch from";
            return null;
        }

        var name = Uri.UnescapeDataString(uri.AbsolutePath[(uri.AbsolutePath.LastIndexOf('/') + 1)..]);
        if (!ArchiveName().IsMatch(name))
        {
            problem = $"'{entry}' must lead to a wheel or a source archive (a file ending in .whl, .tar.gz or .zip)";
            return null;
        }

        return new(PipEntryKind.Download, trimmed, uri.AbsoluteUri, name, reference.Success ? reference.Groups["requirement"].Value.Trim() : null);
    }

    private static bool LooksLikePath(string entry) =>
        entry.StartsWith('.') || entry.StartsWith('/') || entry.StartsWith('~') || entry.Contains('/', StringComparison.Ordinal) || entry.Contains('\\', StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z]+\\+[A-Za-z]+:")]
    private static partial Regex VersionControl();

    [GeneratedRegex("^(?<requirement>[A-Za-z0-9][A-Za-z0-9._-]*\\s*(\\[[A-Za-z0-9._,\\s-]*\\])?)\\s*@\\s*(?<url>\\S+)\\z")]
    private static partial Regex DirectReference();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+-]*\\.(whl|zip|tar\\.gz|tgz|tar\\.bz2|tar\\.xz)\\z")]
    private static partial Regex ArchiveName();
}
