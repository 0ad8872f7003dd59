using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.LocalMode;

/// <summary>
/// deploy/cluster/start-local-cluster.sh run for real. L-3: it writes the admin token and the adapter key into its state
/// directory; started from a shell whose umask lets others read new files, as most shells' do, those files must still be
/// private. Issue 15 (A3): it supervises its processes, so a silo that dies is started again.
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

    [Fact]
    public async Task StartLocalCluster_ASiloKilledWithSigkill_IsStartedAgainByItsSupervisor_AndTheClusterAnswersAgain()
    {
        var connectionString = await postgres.CreateDatabaseAsync("supervised");
        var state = Directory.CreateTempSubdirectory("nmpi-cluster-supervised-").FullName;
        var root = RepositoryRoot();
        try
        {
            await RunAsync("exec \"$0\" \"$@\"", Path.Combine(root, "deploy", "cluster", "start-local-cluster.sh"),
                "--silos", "1", "--state-dir", state, "--connection-string", connectionString);
            var settings = ReadEnv(Path.Combine(state, "cluster.env"));
            var pidFile = Path.Combine(state, "silo1.pid");
            var first = int.Parse(await File.ReadAllTextAsync(pidFile));

            Process.GetProcessById(first).Kill();

            // The supervisor writes the new process's pid and one line saying why it restarted.
            var second = first;
            await Eventually.HoldsAsync(
                async () => int.TryParse(await File.ReadAllTextAsync(pidFile), out second) && second != first && IsAlive(second),
                TimeSpan.FromMinutes(2), "the supervisor to start silo1 again");
            var restarts = await File.ReadAllTextAsync(Path.Combine(state, "supervisor.log"));
            using var channel = GrpcChannel.ForAddress(settings["NMPI_GRPC_URL"]);
            var jobs = new Jobs.JobsClient(channel);
            var headers = new Metadata { { "authorization", $"Bearer {settings["NMPI_USER_TOKEN"]}" } };
            await Eventually.HoldsAsync(
                async () =>
                {
                    try
                    {
                        await jobs.ListJobsAsync(new ListJobsRequest(), headers, DateTime.UtcNow.AddSeconds(10));
                        return true;
                    }
                    catch (RpcException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromMinutes(3), "the gateway to answer ListJobs through the restarted silo");

            Assert.NotEqual(first, second);
            Assert.Contains($"silo1 (pid {first}) exited with code 137", restarts, StringComparison.Ordinal);
        }
        finally
        {
            await RunAsync("exec \"$0\" \"$@\"", Path.Combine(root, "deploy", "cluster", "stop-local-cluster.sh"), state, "--kill");
            Directory.Delete(state, recursive: true);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static Dictionary<string, string> ReadEnv(string path) =>
        File.ReadAllLines(path).Select(line => line.Split('=', 2)).Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim('\''), StringComparer.Ordinal);

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

        // The binaries this test was built with, so the script never builds a copy of its own while tests run.
        info.Environment["NMPI_CONFIGURATION"] = BuildConfiguration;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{script} failed ({process.ExitCode}): {await stderr}{await stdout}");
    }

    private static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

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
