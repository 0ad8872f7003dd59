using System.Globalization;
using System.Text.Json;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.LocalMode;

/// <summary>
/// The README's first command as a user meets it: `nmpi-silo local` with its private PostgreSQL and one site
/// adapter per platform runs a real PyNN network on each of the four platforms, stops on SIGTERM, and finds its
/// jobs again on the next start.
/// </summary>
public sealed class LocalModeTests
{
    private static readonly TimeSpan Within = TimeSpan.FromMinutes(4);
    private static readonly string[] Platforms = ["BrainScaleS", "SpiNNaker", "BrainScaleS-ESS", "Spikey"];

    [Fact]
    public async Task LocalMode_RunsAPyNNNetworkOnEveryPlatform_AndFindsTheJobsAfterARestart()
    {
        var root = Directory.CreateTempSubdirectory("nmpi-local-").FullName;
        var data = Path.Combine(root, "data");
        var grpcUrl = $"http://127.0.0.1:{PlatformHost.FreePort()}";
        var httpUrl = $"http://127.0.0.1:{PlatformHost.FreePort()}";
        string[] arguments =
        [
            "local",
            $"--Nmpi:Local:DataDirectory={data}",
            $"--Nmpi:Local:PostgresPort={PlatformHost.FreePort()}",
            $"--Nmpi:Silo:SiloPort={PlatformHost.FreePort()}",
            $"--Nmpi:Silo:GatewayPort={PlatformHost.FreePort()}",
            $"--Nmpi:Silo:GrpcUrl={grpcUrl}",
            $"--Nmpi:Silo:HttpUrl={httpUrl}",
            $"--Nmpi:Silo:DashboardUrl=http://127.0.0.1:{PlatformHost.FreePort()}",
        ];
        var environment = new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" };
        var local = new ClusterProcess("local", Path.Combine(AppContext.BaseDirectory, "nmpi-silo.dll"), root, environment, arguments);
        var network = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Adapters", "Scripts", "network.py"));
        local.Start();
        try
        {
            await Eventually.HoldsAsync(() => File.ReadAllText(local.StdoutPath).Contains("Ctrl-C stops", StringComparison.Ordinal), Within, "local mode to print its endpoints");
            using var channel = GrpcChannel.ForAddress(grpcUrl);
            var jobs = Client(channel, data);

            // The printed password signs in; the REST API and the Job Manager answer where the screen says.
            var printed = File.ReadAllText(local.StdoutPath);
            using (var secrets = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "local-secrets.json"))))
            {
                var password = secrets.RootElement.GetProperty("Password").GetString()!;
                Assert.Contains($"user password (Job Manager, nmpi login):    {password}", printed, StringComparison.Ordinal);
                var login = await new Nmpi.Api.V1.Accounts.AccountsClient(channel).LoginAsync(new LoginRequest { Username = "local-user", Password = password });
                Assert.Equal("local-user", login.UserId);
            }

            Assert.Contains($"REST API (EBRAINS job queue v3):            {httpUrl}/", printed, StringComparison.Ordinal);
            Assert.Contains($"Job Manager (web pages):                    {httpUrl}/app/", printed, StringComparison.Ordinal);
            using (var http = new HttpClient())
            {
                using var about = await http.GetAsync(new Uri(httpUrl + "/"));
                Assert.Equal(System.Net.HttpStatusCode.OK, about.StatusCode);
                using var signIn = await http.GetAsync(new Uri(httpUrl + "/app/signin"));
                Assert.Equal(System.Net.HttpStatusCode.OK, signIn.StatusCode);
            }

            var ids = new List<long>();
            foreach (var platform in Platforms)
            {
                var submitted = await jobs.SubmitJobAsync(new SubmitJobRequest
                {
                    RequestId = $"local-{Guid.NewGuid():N}",
                    Code = new JobCode { Inline = network },
                    Command = "run.py {system}",
                    HardwarePlatform = platform,
                    Collab = "local",
                });
                ids.Add(submitted.Id);
            }

            foreach (var id in ids)
            {
                var job = await JobRequests.WaitForStatusAsync(jobs, id, JobStatus.Finished, Within);
                Assert.Contains(job.OutputData, o => o.Path == "results.pkl" && o.Size > 0);
                Assert.Equal("brian2", job.Provenance.Fields["backend"].StringValue);
            }

            await local.StopAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, local.ExitCode);
            Assert.False(File.Exists(Path.Combine(data, "postgres", "postmaster.pid")), "SIGTERM should stop the private PostgreSQL too");

            local.Start();
            await Eventually.HoldsAsync(() => File.ReadAllText(local.StdoutPath).Split("──── start of").Last().Contains("Ctrl-C stops", StringComparison.Ordinal), Within, "local mode to start again");
            using var again = GrpcChannel.ForAddress(grpcUrl);
            var after = Client(again, data);
            foreach (var (id, platform) in ids.Zip(Platforms))
            {
                var job = await after.GetJobAsync(new GetJobRequest { Id = id });
                Assert.Equal(JobStatus.Finished, job.Status);
                Assert.Equal(platform, job.HardwarePlatform);
            }
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException(local.Tail(80), e);
        }
        finally
        {
            await local.StopAsync(TimeSpan.FromSeconds(60));
            Directory.Delete(root, recursive: true);
        }
    }

    // The token local mode made on its first start, read from its secrets file as a user would copy it from the screen.
    private static Jobs.JobsClient Client(GrpcChannel channel, string data)
    {
        using var secrets = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "local-secrets.json")));
        var token = secrets.RootElement.GetProperty("UserToken").GetString();
        return new Jobs.JobsClient(channel.Intercept(headers =>
        {
            headers.Add("authorization", string.Create(CultureInfo.InvariantCulture, $"Bearer {token}"));
            return headers;
        }));
    }
}
