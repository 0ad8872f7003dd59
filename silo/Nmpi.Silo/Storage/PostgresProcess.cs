using System.Diagnostics;

namespace Nmpi.Silo.Storage;

/// <summary>Runs a PostgreSQL server binary, as the <c>postgres</c> OS user when this process is root.</summary>
internal sealed class PostgresProcess(string binDirectory, bool runAsPostgresUser)
{
    public const string OsUser = "postgres";

    public bool RunsAsPostgresUser => runAsPostgresUser;

    public async Task<string> RunAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var executable = Path.Combine(binDirectory, tool);
        var startInfo = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The postgres user may not be able to enter our working directory (e.g. /root).
            WorkingDirectory = "/",
        };
        if (runAsPostgresUser)
        {
            // initdb and postgres refuse to run as root.
            startInfo.FileName = "runuser";
            startInfo.ArgumentList.Add("-u");
            startInfo.ArgumentList.Add(OsUser);
            startInfo.ArgumentList.Add("--");
            startInfo.ArgumentList.Add(executable);
        }
        else
        {
            startInfo.FileName = executable;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {executable}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var output = (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{tool} {string.Join(' ', startInfo.ArgumentList)} exited with code {process.ExitCode}: {output.Trim()}");
        }

        return output;
    }

    /// <summary>Finds the newest installed server (/usr/lib/postgresql/N/bin) that has pg_ctl.</summary>
    public static string FindBinDirectory(string root = "/usr/lib/postgresql")
    {
        if (Directory.Exists(root))
        {
            var newest = Directory.GetDirectories(root)
                .Select(dir => (Dir: dir, Version: ParseVersion(Path.GetFileName(dir))))
                .Where(candidate => File.Exists(Path.Combine(candidate.Dir, "bin", "pg_ctl")))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => Path.Combine(candidate.Dir, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        throw new InvalidOperationException(
            $"No PostgreSQL server binaries found under {root}/*/bin (install the postgresql package).");
    }

    private static Version ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version)
            ? version
            : new Version(0, 0);
}
