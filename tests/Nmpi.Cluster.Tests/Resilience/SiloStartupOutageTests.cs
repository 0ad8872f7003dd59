using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Silo.Storage;
using Npgsql;

namespace Nmpi.Cluster.Tests.Resilience;

/// <summary>
/// A silo started while its PostgreSQL is down, or restarted under it, waits and comes up (chaos review A3); past
/// its start-up deadline it exits with one clear line. Each test runs a private PostgreSQL it stops for real.
/// </summary>
public sealed class SiloStartupOutageTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Start_WhileTheDatabaseIsDown_WaitsAndServesASubmitOnceItStarts()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await postgres.Server.StopAsync();
        await using var silo = StandaloneSilo.Prepare(postgres.ConnectionString);
        silo.Process.Start();

        // Phase barrier: the silo has met the outage and is waiting (the old code exited here).
        await Eventually.HoldsAsync(() => silo.HasLoggedARetry() || silo.Process.Pid is null, Generous, "the silo to log a start-up retry");
        Assert.True(silo.Process.Pid is not null, $"the silo exited instead of waiting for the database{Environment.NewLine}{silo.Process.Tail()}");

        await postgres.Server.StartAsync("postgres");
        await ServesASubmitAsync(silo);
    }

    [Fact]
    public async Task Start_WhenTheDatabaseRestartsDuringTheMigrations_RetriesAndServesASubmit()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var silo = StandaloneSilo.Prepare(postgres.ConnectionString);

        // Hold the migrations' lock so the silo is caught in the middle of its start-up when the server goes away.
        await using (var holder = new NpgsqlConnection(postgres.ConnectionString))
        {
            await holder.OpenAsync();
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({SchemaMigrator.AdvisoryLockKey})", holder))
            {
                await take.ExecuteNonQueryAsync();
            }

            silo.Process.Start();
            await Eventually.HoldsAsync(() => WaitsOnTheMigrationLockAsync(postgres.ConnectionString), Generous, "the silo's migrator to wait on the lock");
            await postgres.Server.StopAsync();
        }

        await Eventually.HoldsAsync(() => silo.HasLoggedARetry() || silo.Process.Pid is null, Generous, "the silo to log a start-up retry");
        Assert.True(silo.Process.Pid is not null, $"the silo exited when the database went away during its start-up{Environment.NewLine}{silo.Process.Tail()}");

        await postgres.Server.StartAsync("postgres");
        await ServesASubmitAsync(silo);
    }

    [Fact]
    public async Task Start_PastItsDeadlineWithoutADatabase_ExitsNonZeroWithOneClearLine()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await postgres.Server.StopAsync();
        await using var silo = StandaloneSilo.Prepare(postgres.ConnectionString, new Dictionary<string, string?> { ["Nmpi:Startup:Deadline"] = "00:00:04" });
        silo.Process.Start();

        await Eventually.HoldsAsync(() => silo.Process.Pid is null, Generous, "the silo to give up");

        Assert.Equal(3, silo.Process.ExitCode);
        var stderr = await File.ReadAllTextAsync(silo.Process.StderrPath);
        Assert.Contains("nmpi-silo did not start within 00:00:04 (Nmpi:Startup:Deadline): still waiting for PostgreSQL", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
    }

    private static async Task<bool> WaitsOnTheMigrationLockAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", connection);
        return (long)(await query.ExecuteScalarAsync())! > 0;
    }

    private static async Task ServesASubmitAsync(StandaloneSilo silo)
    {
        var alice = silo.AliceJobs();
        Job? job = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                Assert.True(silo.Process.Pid is not null, $"the silo exited{Environment.NewLine}{silo.Process.Tail()}");
                if (await silo.MembershipStatusAsync() != 3)
                {
                    return false;
                }

                try
                {
                    job = await alice.SubmitJobAsync(JobRequests.Inline(requestId: "after-outage"), deadline: DateTime.UtcNow.AddSeconds(20));
                    return true;
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
                {
                    return false;
                }
            },
            Generous,
            "the silo to become Active and accept a submit");
        Assert.Equal(JobStatus.Submitted, (await alice.GetJobAsync(new GetJobRequest { Id = job!.Id })).Status);
    }
}
