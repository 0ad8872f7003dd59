using System.Diagnostics;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.LocalMode;

/// <summary>
/// L-3: deploy/cluster/start-local-cluster.sh writes the admin token and the adapter key into its state directory.
/// Started from a shell whose umask lets others read new files, as most shells' do, those files must still be private.
/// </summary>
[Collection(PostgresCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LocalClusterScriptTests(PostgresFixture postgres)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task StartLocalCluster_UnderAPermissiveUmask_LeavesTheFilesHoldingSecretsReadableByTheOwnerOnly()
    {
        var connectionString = await postgres.CreateDatabaseAsync("script");
        var state = Directory.CreateTempSubdirectory("nmpi-cluster-script-").FullName;
        var root = RepositoryRoot();
        try
        {
            // The binaries the tests were built with, so the script does not build a Release copy.
            await RunAsync("umask 022; exec \"$0\" \"$@\"", Path.Combine(root, "deploy", "cluster", "start-local-cluster.sh"),
                "--silos", "1", "--state-dir", state, "--connection-string", connectionString);

            var clusterEnv = Path.Combine(state, "cluster.env");
            Assert.Contains("NMPI_USER_TOKEN=", await File.ReadAllTextAsync(clusterEnv), StringComparison.Ordinal);
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(clusterEnv));
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(state, "auth.env")));
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(state, "adapter.key")));
        }
        finally
        {
            await RunAsync("exec \"$0\" \"$@\"", Path.Combine(root, "deploy", "cluster", "stop-local-cluster.sh"), state, "--kill");
            Directory.Delete(state, recursive: true);
        }
    }

    private static async Task RunAsync(string shell, string script, params string[] arguments)
    {
        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(shell);
        info.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NMPI_CONFIGURATION"] = "Debug";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{script} failed ({process.ExitCode}): {await stderr}{await stdout}");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Nmpi.Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Nmpi.Orleans.sln) was not found above the test output.");
    }
}
