using System.Diagnostics;
using Nmpi.Api.V1;

namespace Nmpi.Adapters.Preparation;

/// <summary>Clones a job's git repository (depth 1) into its directory, never through a shell, killed past its time limit.</summary>
public sealed class GitCloner(TimeSpan timeout, bool allowFileUrls, string git = "git")
{
    /// <summary>Clones the repository into the directory, which must be empty.</summary>
    public async Task CloneAsync(SourceUrl url, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var start = new ProcessStartInfo(git)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };

        // An empty template directory brings no hooks; hooksPath guards against any the clone might still find.
        foreach (var argument in new[] { "-c", "core.hooksPath=/dev/null", "clone", "--depth", "1", "--quiet", "--template=", "--", url.Uri.AbsoluteUri, directory })
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
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                // git runs helpers (git-remote-https, index-pack) as children; they must not outlive the job's preparation.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                throw new JobPreparationException($"git clone of {url.Shown} did not finish within {timeout}");
            }

            await output;
            if (process.ExitCode != 0)
            {
                throw new JobPreparationException($"git clone of {url.Shown} failed: {Explain(await errors)}");
            }
        }
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
