namespace Nmpi.Adapters.Preparation;

/// <summary>A URL a job names for its code or input data, checked against the schemes this site fetches.</summary>
public sealed class SourceUrl
{
    private SourceUrl(Uri uri, string what)
    {
        Uri = uri;
        What = what;
    }

    /// <summary>The parsed absolute URL.</summary>
    public Uri Uri { get; }

    /// <summary>What the URL is for, as messages name it ("input data", "code archive").</summary>
    public string What { get; }

    /// <summary>Whether the URL names a path on the site's own machine.</summary>
    public bool IsFile => Uri.IsFile;

    /// <summary>The URL as messages show it: without a user name or password it may carry.</summary>
    public string Shown => string.IsNullOrEmpty(Uri.UserInfo)
        ? Uri.OriginalString
        : new UriBuilder(Uri) { UserName = "", Password = "" }.Uri.AbsoluteUri;

    /// <summary>Parses the URL; http and https always pass, file only when the site allows it.</summary>
    public static SourceUrl Parse(string value, string what, bool allowFileUrls)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            throw new JobPreparationException($"{what} {value} is not an absolute URL");
        }

        var url = new SourceUrl(uri, what);
        if (uri.Scheme is "http" or "https")
        {
            return url;
        }

        if (uri.Scheme != "file")
        {
            throw new JobPreparationException($"{what} {url.Shown} uses the scheme {uri.Scheme}; only http and https are fetched");
        }

        if (!allowFileUrls)
        {
            throw new JobPreparationException($"{what} {url.Shown} is a file URL, which this site does not allow");
        }

        if (!string.IsNullOrEmpty(uri.Host) && uri.Host != "localhost")
        {
            throw new JobPreparationException($"{what} {url.Shown} names another host; file URLs must name a local path");
        }

        return url;
    }

    public override string ToString() => Shown;
}
