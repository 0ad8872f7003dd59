using System.Diagnostics;
using System.Net;
using Nmpi.Api.V1;

namespace Nmpi.Adapters.Preparation;

/// <summary>
/// Clones a job's git repository (depth 1) into its directory, never through a shell, killed past its time limit or
/// once the clone grows beyond its size limit.
/// </summary>
/// <param name="timeout">How long the clone may take.</param>
/// <param name="allowFileUrls">Whether file URLs (repositories on the site's machine) may be cloned.</param>
/// <param name="maxBytes">The most bytes the cloned directory may hold, .git included.</param>
/// <param name="allowInternal">Whether http(s) repositories may be on the site's own network.</param>
/// <param name="git">The git executable.</param>
/// <param name="resolve">Resolves the repository's host name; the system's resolver when null.</param>
public sealed class GitCloner(
    TimeSpan timeout, bool allowFileUrls, long maxBytes = long.MaxValue, bool allowInternal = false, string git = "git",
    Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    private static readonly TimeSpan SizeCheckInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Clones the repository into the directory, which must be empty.</summary>
    public async Task CloneAsync(SourceUrl url, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);

        // git connects by itself, so the host is checked beforehand (every address it has must be reachable), and
        // git is then told to connect to exactly those addresses: a name that resolves anew to another address
        // between the check and the connection (DNS rebinding) cannot lead the clone inside the site.
        string? pin = null;
        if (!url.IsFile)
        {
            var addresses = await SiteNetworkGuard.ReachableAsync(url, url.Uri.Host, allowInternal: true, cancellationToken, resolve);
            if (!allowInternal && addresses.FirstOrDefault(SiteNetworkGuard.IsInternal) is { } inside)
            {
                throw SiteNetworkGuard.Refused(url, inside);
            }

            pin = Pin(url.Uri, addresses);
        }

        var start = new ProcessStartInfo(git)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };

        // An empty template directory brings no hooks; hooksPath guards against any the clone might still find.
        // Redirects are not followed: a checked host must not hand the clone on to one that was not checked.
        string[] settings = pin is null ? [] : ["-c", $"http.curloptResolve={pin}"];
        foreach (var argument in settings.Concat(["-c", "core.hooksPath=/dev/null", "-c", $"http.followRedirects={(allowInternal ? "initial" : "false")}", "clone", "--depth", "1", "--quiet", "--template=", "--", url.Uri.AbsoluteUri, directory]))
        {
            start.ArgumentList.Add(argument);
        }

        SetEnvironment(start.Environment);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("git did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new JobPreparationException("this site cannot clone git repositories: git is not installed", FailureReason.PlatformError, e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var tooLarge = false;
            try
            {
                while (!process.WaitForExit(0))
                {
                    await Task.WhenAny(process.WaitForExitAsync(deadline.Token), Task.Delay(SizeCheckInterval, deadline.Token));
                    deadline.Token.ThrowIfCancellationRequested();
                    if (SizeOf(directory) > maxBytes)
                    {
                        tooLarge = true;
                        break;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }

            if (!process.HasExited)
            {
                // git runs helpers (git-remote-https, index-pack) as children; they must not outlive the job's preparation.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                throw tooLarge ? TooLarge(url) : new JobPreparationException($"git clone of {url.Shown} did not finish within {timeout}");
            }

            await output;
            if (process.ExitCode == 0 && SizeOf(directory) > maxBytes)
            {
                throw TooLarge(url);
            }

            if (process.ExitCode != 0)
            {
                throw new JobPreparationException($"git clone of {url.Shown} failed: {Explain(await errors)}");
            }
        }
    }

    /// <summary>curl's resolve entry (host:port:address,...) that ties the URL's host name to the checked addresses; null for an address literal.</summary>
    private static string? Pin(Uri uri, IPAddress[] addresses) =>
        uri.HostNameType == UriHostNameType.Dns
            ? $"{uri.IdnHost}:{uri.Port}:{string.Join(',', addresses.Select(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{a}]" : a.ToString()))}"
            : null;

    private JobPreparationException TooLarge(SourceUrl url) =>
        new($"git clone of {url.Shown} is larger than this site's limit of {maxBytes} bytes");

    // Files only (links are not followed); a file that git removes while this walks is simply not counted.
    private static long SizeOf(string directory)
    {
        long total = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        try
        {
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", options))
            {
                try
                {
                    total += file.Length;
                }
                catch (FileNotFoundException)
                {
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
        }

        return total;
    }

    private void SetEnvironment(IDictionary<string, string?> environment)
    {
        // Variables like GIT_DIR or a credential helper's settings in the adapter's own environment must not steer the clone.
        foreach (var name in environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToArray())
        {
            environment.Remove(name);
        }

        environment.Remove("SSH_ASKPASS");
        environment["GIT_TERMINAL_PROMPT"] = "0";
        environment["GIT_CONFIG_NOSYSTEM"] = "1";
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null";

        // Only the schemes the job's URL was checked against, also for redirects and submodules: never ext:: or ssh.
        environment["GIT_ALLOW_PROTOCOL"] = allowFileUrls ? "http:https:file" : "http:https";
    }

    // git ends a failure with generic advice ("Please make sure you have the correct access rights"); its first fatal line says what went wrong.
    private static string Explain(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.FirstOrDefault(l => l.StartsWith("fatal:", StringComparison.Ordinal) || l.StartsWith("error:", StringComparison.Ordinal))
            ?? lines.LastOrDefault()
            ?? "git gave no reason";
    }
}
