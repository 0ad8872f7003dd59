using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Grains.Statistics;
using Nmpi.Rest.Tests.Infrastructure;
using Npgsql;

namespace Nmpi.Rest.Tests.Statistics;

/// <summary>M-7: anonymous callers cannot make the silo scan without end by varying the statistics parameters.</summary>
[Collection(RestPostgresCollection.Name)]
public sealed class StatisticsLimitsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task JobDuration_WithManyDistinctRequestedMax_ScansAtMostTheBudget_ThenAnswers503WithRetryAfter()
    {
        await using var host = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Nmpi:Statistics:CacheFor"] = "01:00:00",
            ["Nmpi:Statistics:MaxQuestions"] = "5",
        });
        using var anonymous = RestClient.For(host);
        var scans = host.Services.GetRequiredService<StatisticsScans>();
        var started = scans.Started;

        var statuses = new List<HttpStatusCode>();
        for (var requestedMax = 1; requestedMax <= 40; requestedMax++)
        {
            using var response = await anonymous.GetAsync($"/statistics/job-duration?requested_max={requestedMax}");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
                Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
                Assert.Contains("Too many different statistics questions", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(35, statuses.Count(s => s == HttpStatusCode.ServiceUnavailable));

        // job-duration is two scans per question (longest, then buckets): the refused 35 ran none.
        Assert.Equal(5, scans.Started - started);

        // A question already answered is still served from the cache.
        using var cached = await anonymous.GetAsync("/statistics/job-duration?requested_max=3");
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.Equal(5, scans.Started - started);
    }

    [Fact]
    public async Task ConcurrentDistinctQuestions_BeyondTheCap_NeverRunMoreThanTheCapOnTheDatabase_AndTheRestAnswer503()
    {
        await using var host = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Nmpi:Statistics:CacheFor"] = "00:00:00",
            ["Nmpi:Statistics:MaxConcurrentScans"] = "2",
            ["Nmpi:Statistics:MaxWait"] = "00:00:01",
        });
        using var anonymous = RestClient.For(host);

        // The barrier: while this transaction holds the jobs table, every scan that reaches PostgreSQL stays there.
        await using var blocker = new NpgsqlConnection(host.ConnectionString);
        await blocker.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockJobs = new NpgsqlCommand("LOCK TABLE nmpi_jobs IN ACCESS EXCLUSIVE MODE", blocker, transaction))
        {
            await lockJobs.ExecuteNonQueryAsync();
        }

        var asks = Enumerable.Range(1, 6).Select(i => anonymous.GetAsync($"/statistics/job-count?interval={i}")).ToList();

        // With the table held no slot can come free, so exactly the four beyond the cap are refused.
        var refused = new List<HttpResponseMessage>();
        while (refused.Count < 4)
        {
            var done = await Task.WhenAny(asks);
            asks.Remove(done);
            refused.Add(await done);
        }

        Assert.All(refused, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
        Assert.All(refused, r => Assert.Equal("1", Assert.Single(r.Headers.GetValues("Retry-After"))));
        Assert.Equal(2, await ScansWaitingAsync(blocker, transaction));

        await transaction.RollbackAsync();
        Assert.All(await Task.WhenAll(asks), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var response in refused.Concat(asks.Select(a => a.Result)))
        {
            response.Dispose();
        }
    }

    // The statistics scans blocked on the table: polled until the two admitted ones have reached it (they hold their slots either way).
    private static async Task<long> ScansWaitingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE '%LEAST(((completed_at%'",
            connection,
            transaction);
        long waiting = 0;
        for (var attempt = 0; attempt < 600 && waiting < 2; attempt++)
        {
            waiting = (long)(await command.ExecuteScalarAsync())!;
            if (waiting < 2)
            {
                await Task.Delay(50);
            }
        }

        return waiting;
    }
}
