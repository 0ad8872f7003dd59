using System.Collections.Concurrent;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Quotas;

[Collection("postgres")]
public sealed class QuotaAdmissionTests(PostgresFixture postgres)
{
    private static readonly Dictionary<string, string?> HalfHourJobs = new() { ["Nmpi:Quotas:Reservation:SpiNNaker"] = "0.5" };

    [Fact]
    public async Task ExhaustedQuota_AnswersResourceExhausted_WithWhatIsLeft_AndStoresNothing()
    {
        await using var host = await QuotaHost.StartAsync(postgres, HalfHourJobs);
        var admin = host.Quotas(PlatformHost.AdminToken);
        await admin.SetAsync(QuotaHost.Lab, "SpiNNaker", 1.2);
        var dave = host.Jobs(QuotaHost.DaveToken);
        var first = await dave.SubmitJobAsync(JobRequests.Inline(QuotaHost.Lab, requestId: "request-first"));
        await dave.SubmitJobAsync(JobRequests.Inline(QuotaHost.Lab));

        var refused = await Assert.ThrowsAsync<RpcException>(() => dave.SubmitJobAsync(JobRequests.Inline(QuotaHost.Lab, requestId: "request-third")).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal("QUOTA_EXHAUSTED", refused.Reason());
        Assert.Contains("has 0.2 core-hours left on SpiNNaker", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("a job reserves 0.5 core-hours", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("resource request", refused.Status.Detail, StringComparison.Ordinal);

        var listed = await dave.ListJobsAsync(new ListJobsRequest { Collab = QuotaHost.Lab });
        Assert.Equal(2, listed.TotalCount);
        Assert.Equal(0L, await host.ScalarAsync("SELECT count(*) FROM nmpi_quota_reservations WHERE request_id = 'request-third'"));
        Assert.Equal(1.0, (await admin.QuotaAsync(QuotaHost.Lab, "SpiNNaker"))!.Reserved, 6);

        // A retried submit of an admitted request returns its job and reserves nothing more, though the quota is spent.
        var again = await dave.SubmitJobAsync(JobRequests.Inline(QuotaHost.Lab, requestId: "request-first"));
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1.0, (await admin.QuotaAsync(QuotaHost.Lab, "SpiNNaker"))!.Reserved, 6);

        // A job stored before quotas existed has no reservation; its retried submit still returns it.
        await host.ScalarAsync("DELETE FROM nmpi_quota_reservations WHERE request_id = 'request-first'");
        Assert.Equal(first.Id, (await dave.SubmitJobAsync(JobRequests.Inline(QuotaHost.Lab, requestId: "request-first"))).Id);
        Assert.Equal(1.0, (await admin.QuotaAsync(QuotaHost.Lab, "SpiNNaker"))!.Reserved, 6);

        // Other collabs and platforms are not affected.
        await host.Jobs(PlatformHost.AliceToken).SubmitJobAsync(JobRequests.Inline());
    }

    [Fact]
    public async Task ManyConcurrentSubmits_AgainstANearlyExhaustedQuota_NeverOverspend()
    {
        await using var host = await QuotaHost.StartAsync(postgres, HalfHourJobs);
        var admin = host.Quotas(PlatformHost.AdminToken);
        await admin.SetAsync(QuotaHost.Lab, "SpiNNaker", 5.2);
        var dave = host.Jobs(QuotaHost.DaveToken);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            try
            {
                await dave.SubmitJobAsync(JobRequests.Inline(QuotaHost.Lab, requestId: $"many-request-{i % 40}"));
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }));

        Assert.All(outcomes, o => Assert.True(o is StatusCode.OK or StatusCode.ResourceExhausted, $"unexpected {o}"));
        var stored = await dave.ListJobsAsync(new ListJobsRequest { Collab = QuotaHost.Lab, PageSize = 100 });
        Assert.Equal(10, stored.TotalCount);
        Assert.Equal(5.0, (await admin.QuotaAsync(QuotaHost.Lab, "SpiNNaker"))!.Reserved, 6);
        Assert.Equal(10L, await host.ScalarAsync("SELECT count(*) FROM nmpi_quota_reservations"));
    }

    [Fact]
    public async Task ConcurrentSubmits_FromTwoGateways_NeverOverspend()
    {
        var cluster = QuotaHost.Settings();
        cluster["Orleans:ClusterId"] = $"quota-{Guid.NewGuid():N}";
        cluster["Nmpi:Quotas:Reservation:SpiNNaker"] = "0.5";
        await using var first = await PlatformHost.StartAsync(postgres, cluster);
        cluster["ConnectionStrings:Nmpi"] = first.ConnectionString;
        await using var second = await PlatformHost.StartAsync(postgres, cluster);
        await first.Quotas(PlatformHost.AdminToken).SetAsync(QuotaHost.Lab, "SpiNNaker", 3);

        var gateways = new[] { first.Jobs(QuotaHost.DaveToken), second.Jobs(QuotaHost.DaveToken) };
        var admitted = new ConcurrentBag<long>();
        var refused = new ConcurrentBag<StatusCode>();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            try
            {
                // Every request id goes to both gateways at once: a retry racing its original must not reserve twice.
                var job = await gateways[i % 2].SubmitJobAsync(JobRequests.Inline(QuotaHost.Lab, requestId: $"two-request-{i / 2}"));
                admitted.Add(job.Id);
            }
            catch (RpcException e)
            {
                refused.Add(e.StatusCode);
            }
        }));

        Assert.All(refused, code => Assert.Equal(StatusCode.ResourceExhausted, code));
        Assert.Equal(6, admitted.Distinct().Count());
        Assert.Equal(6L, await first.ScalarAsync("SELECT count(*) FROM nmpi_jobs WHERE collab = 'lab'"));
        Assert.Equal(6L, await first.ScalarAsync("SELECT count(*) FROM nmpi_quota_reservations"));
        Assert.Equal(3m, await first.ScalarAsync("SELECT reserved FROM nmpi_quotas WHERE collab = 'lab' AND platform = 'SpiNNaker'"));
    }

    [Fact]
    public async Task AnExpiredQuota_AdmitsNothing_UntilItIsRenewed()
    {
        await using var host = await QuotaHost.StartAsync(postgres);
        var admin = host.Quotas(PlatformHost.AdminToken);
        var expired = await admin.SetAsync(QuotaHost.Lab, "Spikey", 100, DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.True(expired.Expired);
        Assert.Equal(0.0, expired.Remaining);
        var dave = host.Jobs(QuotaHost.DaveToken);

        var refused = await Assert.ThrowsAsync<RpcException>(() => dave.SubmitJobAsync(JobRequests.Inline(QuotaHost.Lab, "Spikey")).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("expired", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("0 hours left", refused.Status.Detail, StringComparison.Ordinal);

        await admin.SetAsync(QuotaHost.Lab, "Spikey", 100, DateTimeOffset.UtcNow.AddDays(30));
        await dave.SubmitJobAsync(JobRequests.Inline(QuotaHost.Lab, "Spikey"));
    }

    [Fact]
    public async Task AFirstJob_BringsTheConfiguredTestQuota_OnThatPlatformOnly()
    {
        await using var host = await QuotaHost.StartAsync(postgres, new Dictionary<string, string?> { ["Nmpi:Quotas:TestQuota:Spikey"] = "0.3" });
        var dave = host.Jobs(QuotaHost.DaveToken);
        var erin = host.Quotas(QuotaHost.ErinToken);
        Assert.Null(await erin.QuotaAsync(QuotaHost.Lab, "Spikey"));

        for (var i = 0; i < 3; i++)
        {
            await dave.SubmitJobAsync(JobRequests.Inline(QuotaHost.Lab, "Spikey"));
        }

        var quota = await erin.QuotaAsync(QuotaHost.Lab, "Spikey");
        Assert.Equal((0.3, 0.3, "test"), (quota!.Limit, quota.Reserved, quota.Source));

        // The test quota comes once: spent, it is not granted again; other platforms have none.
        Assert.Equal(StatusCode.ResourceExhausted,
            (await Assert.ThrowsAsync<RpcException>(() => dave.SubmitJobAsync(JobRequests.Inline(QuotaHost.Lab, "Spikey")).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted,
            (await Assert.ThrowsAsync<RpcException>(() => dave.SubmitJobAsync(JobRequests.Inline(QuotaHost.Lab, "BrainScaleS")).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task StartUpGrants_AreAppliedIdempotently_AndLeaveAdministratorsChangesAlone()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Nmpi:Quotas:Grants:20:Collab"] = QuotaHost.Lab,
            ["Nmpi:Quotas:Grants:20:Platform"] = "BrainScaleS-ESS",
            ["Nmpi:Quotas:Grants:20:Limit"] = "7.5",
            ["Nmpi:Quotas:Grants:21:Collab"] = QuotaHost.Lab,
            ["Nmpi:Quotas:Grants:21:Platform"] = "Spikey",
            ["Nmpi:Quotas:Grants:21:Limit"] = "2",
        };
        await using var host = await QuotaHost.StartAsync(postgres, settings);
        var admin = host.Quotas(PlatformHost.AdminToken);
        Assert.Equal((7.5, "config", "hours"), await Summary(admin, "BrainScaleS-ESS"));
        await admin.SetAsync(QuotaHost.Lab, "Spikey", 9);

        // A restart re-applies the grants: unchanged ones stay, the one an administrator set is theirs now.
        await host.StopSiloAsync();
        await host.StartSiloAsync();
        Assert.Equal((7.5, "config", "hours"), await Summary(admin, "BrainScaleS-ESS"));
        Assert.Equal((9.0, "admin", "hours"), await Summary(admin, "Spikey"));
        Assert.Equal(8L, await host.ScalarAsync("SELECT count(*) FROM nmpi_quotas WHERE source = 'config' AND collab IN ('neuro', 'other')"));

        static async Task<(double, string, string)> Summary(Nmpi.Api.V1.Quotas.QuotasClient admin, string platform)
        {
            var quota = (await admin.QuotaAsync(QuotaHost.Lab, platform))!;
            return (quota.Limit, quota.Source, quota.Units);
        }
    }
}
