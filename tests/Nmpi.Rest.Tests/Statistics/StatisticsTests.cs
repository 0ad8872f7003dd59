using System.Globalization;
using System.Net;
using System.Text.Json;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Quotas;
using Nmpi.Rest.Tests.Infrastructure;
using static Nmpi.Rest.Tests.Projects.ProjectApi;

namespace Nmpi.Rest.Tests.Statistics;

[Collection(RestPostgresCollection.Name)]
public sealed class StatisticsTests(PostgresFixture postgres)
{
    private static readonly Dictionary<string, string?> NoCache = new() { ["Nmpi:Statistics:CacheFor"] = "00:00:00" };

    private static string Day(int offset) => DateTime.UtcNow.Date.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Statistics_CountEndedQueuedAndRunningJobs_PerPlatform_WithoutCredentials()
    {
        await using var host = await PlatformHost.StartAsync(postgres, NoCache);
        using var anonymous = RestClient.For(host);
        var alice = host.Jobs(PlatformHost.AliceToken);
        var adapter = await TestAdapter.RegisterAsync(host, "stats", "SpiNNaker");
        var (_, finished) = await adapter.SubmitAndStartAsync(alice, JobRequests.Inline());
        var (_, failed) = await adapter.SubmitAndStartAsync(alice, JobRequests.Inline());
        await adapter.SubmitAndStartAsync(alice, JobRequests.Inline());
        await alice.SubmitJobAsync(JobRequests.Inline(platform: "Spikey"));
        Assert.True((await adapter.CompleteAsync(finished.Lease, 1.5, "core-hours")).Applied);
        Assert.True((await adapter.CompleteAsync(failed.Lease, 0.5, "core-hours", Outcome.Error)).Applied);

        var counts = (await GetAsync(anonymous, $"/statistics/job-count?start={Day(-6)}&end={Day(1)}&interval=7")).Json;
        var period = Assert.Single(counts.EnumerateArray());
        Assert.Equal(Day(-6), period.GetProperty("start").GetString());
        Assert.Equal(Day(1), period.GetProperty("end").GetString());
        Assert.Equal(2, period.GetProperty("count").GetProperty("SpiNNaker").GetInt64());
        Assert.Equal(0, period.GetProperty("count").GetProperty("Spikey").GetInt64());
        Assert.Equal(4, period.GetProperty("count").EnumerateObject().Count());

        var cumulative = (await GetAsync(anonymous, $"/statistics/cumulative-job-count?start={Day(-13)}&end={Day(1)}&interval=7")).Json;
        Assert.Equal([0L, 2L], cumulative.EnumerateArray().Select(p => p.GetProperty("count").GetProperty("SpiNNaker").GetInt64()));

        // As in EBRAINS, a job counts in the span it was submitted in: one submitted before the span's start is left out.
        Assert.Equal(1L, await host.ScalarAsync($"UPDATE nmpi_jobs SET submitted_at = now() - interval '8 days' WHERE id = {failed.Job.Id} RETURNING 1::bigint"));
        var submittedInSpan = (await GetAsync(anonymous, $"/statistics/job-count?start={Day(-6)}&end={Day(1)}&interval=7")).Json;
        Assert.Equal(1, Assert.Single(submittedInSpan.EnumerateArray()).GetProperty("count").GetProperty("SpiNNaker").GetInt64());
        var longerSpan = (await GetAsync(anonymous, $"/statistics/job-count?start={Day(-13)}&end={Day(1)}&interval=14")).Json;
        Assert.Equal(2, Assert.Single(longerSpan.EnumerateArray()).GetProperty("count").GetProperty("SpiNNaker").GetInt64());
        var before = (await GetAsync(anonymous, $"/statistics/job-count?start={Day(-20)}&end={Day(-10)}")).Json;
        Assert.All(before.EnumerateArray(), p => Assert.Equal(0, p.GetProperty("count").GetProperty("SpiNNaker").GetInt64()));

        var queues = (await GetAsync(anonymous, "/statistics/queue-length")).Json.EnumerateArray()
            .ToDictionary(q => q.GetProperty("queue_name").GetString()!);
        Assert.Equal((1, 0), (queues["SpiNNaker"].GetProperty("running").GetInt64(), queues["SpiNNaker"].GetProperty("submitted").GetInt64()));
        Assert.Equal((0, 1), (queues["Spikey"].GetProperty("running").GetInt64(), queues["Spikey"].GetProperty("submitted").GetInt64()));

        var active = (await GetAsync(anonymous, $"/statistics/active-user-count?start={Day(-6)}&end={Day(1)}")).Json;
        Assert.Equal(1, Assert.Single(active.EnumerateArray()).GetProperty("count").GetProperty("SpiNNaker").GetInt64());

        // Charges are made after the job's end (or by the sweep): wait for both.
        JsonElement usage = default;
        await Eventually.HoldsAsync(
            async () =>
            {
                usage = Assert.Single((await GetAsync(anonymous, $"/statistics/resource-usage?start={Day(-6)}&end={Day(0)}")).Json.EnumerateArray());
                return usage.GetProperty("value").GetProperty("SpiNNaker").GetDouble() >= 2.0;
            },
            TimeSpan.FromSeconds(60),
            "both charges in resource-usage");
        Assert.Equal(2.0, usage.GetProperty("value").GetProperty("SpiNNaker").GetDouble());
        Assert.Equal(0.0, usage.GetProperty("value").GetProperty("BrainScaleS").GetDouble());

        var durations = (await GetAsync(anonymous, "/statistics/job-duration?n_bins=10")).Json.EnumerateArray().ToList();
        Assert.Equal(["finished/SpiNNaker", "error/SpiNNaker"], durations.Select(h => $"{h.GetProperty("status").GetString()}/{h.GetProperty("platform").GetString()}"));
        foreach (var histogram in durations)
        {
            Assert.Equal(1, histogram.GetProperty("values").EnumerateArray().Sum(v => v.GetInt64()));
            Assert.Equal(10, histogram.GetProperty("values").GetArrayLength());
            Assert.Equal(11, histogram.GetProperty("bins").GetArrayLength());
            Assert.Equal("linear", histogram.GetProperty("scale").GetString());
        }

        var log = (await GetAsync(anonymous, "/statistics/job-duration?n_bins=5&scale=log&requested_max=1000")).Json.EnumerateArray().First();
        Assert.Equal(4, log.GetProperty("values").GetArrayLength());
        Assert.Equal([0.0, 0.75, 1.5, 2.25, 3.0], log.GetProperty("bins").EnumerateArray().Select(b => b.GetDouble()));
        Assert.Equal(1000, log.GetProperty("max").GetDouble());
    }

    [Fact]
    public async Task Statistics_NameNoCollabOrUser()
    {
        await using var host = await PlatformHost.StartAsync(postgres, NoCache);
        using var anonymous = RestClient.For(host);
        var adapter = await TestAdapter.RegisterAsync(host, "stats", "SpiNNaker");
        var (_, leased) = await adapter.SubmitAndStartAsync(host.Jobs(PlatformHost.AliceToken), JobRequests.Inline());
        await adapter.CompleteAsync(leased.Lease, 1, "core-hours");

        foreach (var path in new[] { "job-count", "cumulative-job-count", "active-user-count", "resource-usage", "queue-length", "job-duration", "cumulative-user-count", "cumulative-project-count" })
        {
            using var response = await anonymous.GetAsync($"/statistics/{path}?end={Day(1)}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {text}");
            Assert.DoesNotContain("neuro", text, StringComparison.Ordinal);
            Assert.DoesNotContain("alice", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Statistics_RepeatTheSameAnswer_WhileItIsCached()
    {
        // Public endpoints: a flood of the same question reads the tables once per CacheFor, not once per call.
        await using var host = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?> { ["Nmpi:Statistics:CacheFor"] = "01:00:00" });
        using var anonymous = RestClient.For(host);
        var path = $"/statistics/job-count?start={Day(-6)}&end={Day(1)}";
        var before = (await GetAsync(anonymous, path)).Json;
        var adapter = await TestAdapter.RegisterAsync(host, "stats", "SpiNNaker");
        var (_, leased) = await adapter.SubmitAndStartAsync(host.Jobs(PlatformHost.AliceToken), JobRequests.Inline());
        Assert.True((await adapter.CompleteAsync(leased.Lease, 1, "core-hours")).Applied);

        var after = (await GetAsync(anonymous, path)).Json;
        var otherQuestion = (await GetAsync(anonymous, $"/statistics/job-count?start={Day(-5)}&end={Day(2)}")).Json;

        Assert.Equal(0, Assert.Single(before.EnumerateArray()).GetProperty("count").GetProperty("SpiNNaker").GetInt64());
        Assert.Equal(before.ToString(), after.ToString());
        Assert.Equal(1, Assert.Single(otherQuestion.EnumerateArray()).GetProperty("count").GetProperty("SpiNNaker").GetInt64());
    }

    [Fact]
    public async Task CumulativeUserCount_DatesEachUsersFirstJob_OnTheAskedPlatforms()
    {
        await using var host = await PlatformHost.StartAsync(postgres, NoCache);
        using var anonymous = RestClient.For(host);
        Assert.Equal(Series((0, 0)), await SeriesAsync(anonymous, "/statistics/cumulative-user-count"));

        var alice = host.Jobs(PlatformHost.AliceToken);
        var carol = host.Jobs(PlatformHost.CarolToken);
        var aliceFirst = await alice.SubmitJobAsync(JobRequests.Inline());
        var aliceLast = await alice.SubmitJobAsync(JobRequests.Inline(platform: "Spikey"));
        var carolSpikey = await carol.SubmitJobAsync(JobRequests.Inline(collab: "other", platform: "Spikey"));
        var carolSpiNNaker = await carol.SubmitJobAsync(JobRequests.Inline(collab: "other"));
        foreach (var (id, days) in new[] { (aliceFirst.Id, 10), (aliceLast.Id, 2), (carolSpikey.Id, 5), (carolSpiNNaker.Id, 1) })
        {
            Assert.Equal(1L, await host.ScalarAsync($"UPDATE nmpi_jobs SET submitted_at = now() - interval '{days} days' WHERE id = {id} RETURNING 1::bigint"));
        }

        // Each user counts from their first job (EBRAINS takes each user's newest, which would date alice 2 days ago).
        Assert.Equal(Series((-10, 1), (-5, 2), (0, 2)), await SeriesAsync(anonymous, "/statistics/cumulative-user-count"));
        Assert.Equal(Series((-10, 1), (-1, 2), (0, 2)), await SeriesAsync(anonymous, "/statistics/cumulative-user-count?hardware_platform=SpiNNaker"));
        Assert.Equal(Series((-5, 1), (-2, 2), (0, 2)), await SeriesAsync(anonymous, "/statistics/cumulative-user-count?hardware_platform=Spikey"));
        Assert.Equal(Series((-10, 1), (-5, 2), (0, 2)), await SeriesAsync(anonymous, "/statistics/cumulative-user-count?hardware_platform=Spikey&hardware_platform=SpiNNaker"));
        Assert.Equal(Series((0, 0)), await SeriesAsync(anonymous, "/statistics/cumulative-user-count?hardware_platform=BrainScaleS"));
    }

    [Fact]
    public async Task CumulativeProjectCount_DatesTheSubmissionOfEachProjectInTheStatus()
    {
        await using var host = await PlatformHost.StartAsync(postgres, NoCache);
        using var anonymous = RestClient.For(host);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var admin = RestClient.For(host, PlatformHost.AdminToken);
        Assert.Equal(Series((0, 0)), await SeriesAsync(anonymous, "/statistics/cumulative-project-count"));

        async Task<long> ProjectAsync(params string[] moves)
        {
            var id = (await CreateAsync(alice, Body("neuro"))).GetProperty("id").GetInt64();
            foreach (var move in moves)
            {
                var (status, json) = await PutAsync(move == "under review" ? alice : admin, id, new { status = move });
                Assert.True(status == HttpStatusCode.OK, $"{move}: {status} {json}");
            }

            return id;
        }

        var preparing = await ProjectAsync();
        await ProjectAsync("under review");
        var acceptedEarly = await ProjectAsync("under review", "accepted");
        var acceptedLate = await ProjectAsync("under review", "accepted");
        await ProjectAsync("under review", "rejected");
        foreach (var (id, column, days) in new[] { (acceptedEarly, "submitted_at", 20), (acceptedLate, "submitted_at", 3), (preparing, "created_at", 7) })
        {
            Assert.Equal(1L, await host.ScalarAsync($"UPDATE nmpi_resource_requests SET {column} = now() - interval '{days} days' WHERE id = {id} RETURNING 1::bigint"));
        }

        Assert.Equal(Series((-20, 1), (-3, 2), (0, 2)), await SeriesAsync(anonymous, "/statistics/cumulative-project-count"));
        Assert.Equal(Series((-20, 1), (-3, 2), (0, 2)), await SeriesAsync(anonymous, "/statistics/cumulative-project-count?status=accepted"));
        Assert.Equal(Series((0, 1), (0, 1)), await SeriesAsync(anonymous, "/statistics/cumulative-project-count?status=rejected"));
        Assert.Equal(Series((0, 1), (0, 1)), await SeriesAsync(anonymous, "/statistics/cumulative-project-count?status=under%20review"));

        // Never submitted: dated by its creation (EBRAINS has no date for it and fails).
        Assert.Equal(Series((-7, 1), (0, 1)), await SeriesAsync(anonymous, "/statistics/cumulative-project-count?status=in%20preparation"));
    }

    [Fact]
    public async Task CumulativeCounts_RepeatTheSameAnswer_WhileItIsCached()
    {
        await using var host = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?> { ["Nmpi:Statistics:CacheFor"] = "01:00:00" });
        using var anonymous = RestClient.For(host);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        var users = await SeriesAsync(anonymous, "/statistics/cumulative-user-count");
        var projects = await SeriesAsync(anonymous, "/statistics/cumulative-project-count?status=in%20preparation");
        await host.Jobs(PlatformHost.AliceToken).SubmitJobAsync(JobRequests.Inline());
        await CreateAsync(alice, Body("neuro"));

        Assert.Equal(Series((0, 0)), users);
        Assert.Equal(users, await SeriesAsync(anonymous, "/statistics/cumulative-user-count"));
        Assert.Equal(projects, await SeriesAsync(anonymous, "/statistics/cumulative-project-count?status=in%20preparation"));
        Assert.Equal(Series((0, 1), (0, 1)), await SeriesAsync(anonymous, "/statistics/cumulative-user-count?hardware_platform=SpiNNaker"));
    }

    // A time series as "date=value" pairs, so that expected and actual compare (and print) as text.
    private static string Series(params (int Day, long Value)[] points) => string.Join(' ', points.Select(p => $"{Day(p.Day)}={p.Value}"));

    private static async Task<string> SeriesAsync(HttpClient http, string path)
    {
        var (status, json) = await GetAsync(http, path);
        Assert.True(status == HttpStatusCode.OK, $"{path}: {status} {json}");
        Assert.Equal(["dates", "values"], json.EnumerateObject().Select(p => p.Name));
        var dates = json.GetProperty("dates").EnumerateArray().Select(d => d.GetString()).ToList();
        var values = json.GetProperty("values").EnumerateArray().Select(v => v.GetInt64()).ToList();
        Assert.Equal(dates.Count, values.Count);
        return string.Join(' ', dates.Zip(values, (d, v) => $"{d}={v}"));
    }

    [Theory]
    [InlineData("/statistics/job-count?start=yesterday", "query.start: invalid date format (YYYY-MM-DD): 'yesterday'")]
    [InlineData("/statistics/job-count?start=2026-02-30", "query.start: invalid date format")]
    [InlineData("/statistics/job-count?start=2026-03-02&end=2026-03-01", "query.start: must not be after end")]
    [InlineData("/statistics/resource-usage?interval=0", "query.interval: ensure this value is greater than or equal to 1")]
    [InlineData("/statistics/active-user-count?start=2000-01-01&end=2026-01-01", "query.start: must be at most")]
    [InlineData("/statistics/job-count?start=2020-01-01&end=2026-01-01&interval=1", "periods; at most 1000 are answered")]
    [InlineData("/statistics/job-duration?scale=cubic", "query.scale: must be 'linear' or 'log'")]
    [InlineData("/statistics/job-duration?scale=log&n_bins=1", "query.n_bins: must be between 2")]
    [InlineData("/statistics/job-duration?n_bins=0", "query.n_bins: ensure this value is greater than or equal to 1")]
    [InlineData("/statistics/cumulative-user-count?hardware_platform=SpiNNaker&hardware_platform=Loihi", "query.hardware_platform: unknown platform 'Loihi'")]
    [InlineData("/statistics/cumulative-project-count?status=approved", "query.status: value is not a valid enumeration member; permitted: 'in preparation', 'under review', 'accepted' or 'rejected', not 'approved'")]
    public async Task Statistics_WithMalformedParameters_Answer422NamingThem(string path, string detail)
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var anonymous = RestClient.For(host);

        var (status, json) = await GetAsync(anonymous, path);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains(detail, Detail(json), StringComparison.Ordinal);
    }
}
