using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Quotas;

[Collection("postgres")]
public sealed class QuotaCycleTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Request_Review_Accept_Submit_Complete_ChargesTheReportedUsageOnce()
    {
        await using var host = await QuotaHost.StartAsync(postgres);
        var dave = host.Quotas(QuotaHost.DaveToken);
        var erin = host.Quotas(QuotaHost.ErinToken);
        var admin = host.Quotas(PlatformHost.AdminToken);
        var daveJobs = host.Jobs(QuotaHost.DaveToken);

        // Without a quota the lab cannot submit, and is told how to ask for one.
        var refused = await Assert.ThrowsAsync<RpcException>(() => daveJobs.SubmitJobAsync(JobRequests.Inline(QuotaHost.Lab)).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal("QUOTA_EXHAUSTED", refused.Reason());
        Assert.Contains("no quota on SpiNNaker (0 core-hours left)", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("resource request", refused.Status.Detail, StringComparison.Ordinal);

        var draft = await dave.CreateResourceRequestAsync(QuotaHost.Request("Plasticity", ("SpiNNaker", 1)));
        Assert.Equal(ResourceRequestStatus.InPreparation, draft.Status);
        Assert.Equal("dave", draft.RequestedBy);
        Assert.Equal(("SpiNNaker", 1.0, "core-hours"), (draft.Requested[0].Platform, draft.Requested[0].Amount, draft.Requested[0].Units));

        // Viewers read, editors edit while it is in preparation.
        Assert.Equal(draft.Id, (await erin.GetResourceRequestAsync(new GetResourceRequestRequest { Id = draft.Id })).Id);
        var update = new UpdateResourceRequestRequest { Id = draft.Id, Title = "Plasticity at scale", Abstract = "Bigger." };
        update.Requested.Add(new PlatformAmount { Platform = "SpiNNaker", Amount = 2 });
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => erin.UpdateResourceRequestAsync(update).ResponseAsync)).StatusCode);
        var edited = await dave.UpdateResourceRequestAsync(update);
        Assert.Equal(("Plasticity at scale", 2.0), (edited.Title, edited.Requested[0].Amount));

        var submitted = await dave.SubmitResourceRequestAsync(new SubmitResourceRequestRequest { Id = draft.Id });
        Assert.Equal(ResourceRequestStatus.UnderReview, submitted.Status);
        Assert.NotNull(submitted.SubmittedAt);
        var late = await Assert.ThrowsAsync<RpcException>(() => dave.UpdateResourceRequestAsync(update).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, late.StatusCode);
        var underReview = await admin.ListResourceRequestsAsync(new ListResourceRequestsRequest { Status = ResourceRequestStatus.UnderReview });
        Assert.Contains(underReview.Requests, r => r.Id == draft.Id);

        // Only a platform administrator decides.
        var decideByDave = new DecideResourceRequestRequest { Id = draft.Id, Accept = true };
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => dave.DecideResourceRequestAsync(decideByDave).ResponseAsync)).StatusCode);
        var accepted = await admin.DecideResourceRequestAsync(new DecideResourceRequestRequest { Id = draft.Id, Accept = true, Note = "enjoy" });
        Assert.Equal(ResourceRequestStatus.Accepted, accepted.Status);
        Assert.Equal(("admin", "enjoy", 2.0), (accepted.DecidedBy, accepted.DecisionNote, accepted.Granted[0].Amount));

        var quota = await erin.QuotaAsync(QuotaHost.Lab, "SpiNNaker");
        Assert.NotNull(quota);
        Assert.Equal((2.0, 0.0, 0.0, "core-hours", "request"), (quota.Limit, quota.Used, quota.Reserved, quota.Units, quota.Source));

        // Submit: the job reserves the platform's estimate (default 0.1) until it is charged.
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");
        var (job, leased) = await adapter.SubmitAndStartAsync(daveJobs, JobRequests.Inline(QuotaHost.Lab));
        Assert.Equal(0.1, (await erin.QuotaAsync(QuotaHost.Lab, "SpiNNaker"))!.Reserved, 6);

        Assert.True((await adapter.CompleteAsync(leased.Lease, 0.75, "core-hours")).Applied);
        Assert.False((await adapter.CompleteAsync(leased.Lease, 0.75, "core-hours")).Applied);
        await Eventually.HoldsAsync(async () => (await erin.QuotaAsync(QuotaHost.Lab, "SpiNNaker"))!.Used > 0, TimeSpan.FromSeconds(10), "the charge");
        quota = await erin.QuotaAsync(QuotaHost.Lab, "SpiNNaker");
        Assert.Equal((2.0, 0.75, 0.0, 1.25, 0.0), (quota!.Limit, quota.Used, quota.Reserved, quota.Remaining, quota.Overdraft));
        Assert.Equal([(0.75m, 0m)], await host.LedgerAsync(job.Id));
    }

    [Fact]
    public async Task RepeatedCompletionReports_AndTheSweep_ChargeOnce()
    {
        await using var host = await QuotaHost.StartAsync(postgres);
        var admin = host.Quotas(PlatformHost.AdminToken);
        await admin.SetAsync(QuotaHost.Lab, "SpiNNaker", 10);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");
        var (job, leased) = await adapter.SubmitAndStartAsync(host.Jobs(QuotaHost.DaveToken), JobRequests.Inline(QuotaHost.Lab));

        var reports = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => adapter.CompleteAsync(leased.Lease, 1.5, "core-hours")));
        Assert.Single(reports, r => r.Applied);
        await Eventually.HoldsAsync(async () => (await host.LedgerAsync(job.Id)).Count == 1, TimeSpan.FromSeconds(10), "the charge");

        // Several sweeps pass over the ended job; none charges it again.
        var sweepsSeen = DateTime.UtcNow + TimeSpan.FromSeconds(1);
        await Eventually.HoldsAsync(() => DateTime.UtcNow > sweepsSeen, TimeSpan.FromSeconds(5), "a few sweeps");
        var quota = await admin.QuotaAsync(QuotaHost.Lab, "SpiNNaker");
        Assert.Equal((1.5, 0.0), (quota!.Used, quota.Reserved));
        Assert.Equal([(1.5m, 0m)], await host.LedgerAsync(job.Id));
    }

    [Fact]
    public async Task AChargeLostBetweenTheTerminalWriteAndTheLedger_IsMadeByTheSweep()
    {
        await using var host = await QuotaHost.StartAsync(postgres);
        var admin = host.Quotas(PlatformHost.AdminToken);
        await admin.SetAsync(QuotaHost.Lab, "SpiNNaker", 10);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");
        var (job, leased) = await adapter.SubmitAndStartAsync(host.Jobs(QuotaHost.DaveToken), JobRequests.Inline(QuotaHost.Lab));
        await adapter.CompleteAsync(leased.Lease, 2.5, "core-hours");
        await Eventually.HoldsAsync(async () => (await host.LedgerAsync(job.Id)).Count == 1, TimeSpan.FromSeconds(10), "the charge");

        // Put the database back in the state a crash right after the job's terminal write leaves: no charge, reservation open.
        await host.ScalarAsync(
            """
            WITH gone AS (DELETE FROM nmpi_quota_ledger WHERE job_id = $1 RETURNING amount),
                 reopened AS (UPDATE nmpi_quota_reservations SET closed_at = NULL, job_id = NULL WHERE job_id = $1 RETURNING amount)
            UPDATE nmpi_quotas SET used = used - (SELECT amount FROM gone), reserved = reserved + (SELECT amount FROM reopened)
             WHERE collab = 'lab' AND platform = 'SpiNNaker'
            """,
            job.Id);
        Assert.Empty(await host.LedgerAsync(job.Id));

        await Eventually.HoldsAsync(async () => (await host.LedgerAsync(job.Id)).Count == 1, TimeSpan.FromSeconds(10), "the sweep's charge");
        var quota = await admin.QuotaAsync(QuotaHost.Lab, "SpiNNaker");
        Assert.Equal((2.5, 0.0), (quota!.Used, quota.Reserved));
    }

    [Fact]
    public async Task UsageBeyondTheLimit_IsRecordedAsOverdraft_AndFurtherJobsAreRefused()
    {
        await using var host = await QuotaHost.StartAsync(postgres);
        var admin = host.Quotas(PlatformHost.AdminToken);
        await admin.SetAsync(QuotaHost.Lab, "SpiNNaker", 1);
        var dave = host.Jobs(QuotaHost.DaveToken);
        var adapter = await TestAdapter.RegisterAsync(host, "spinn-1", "SpiNNaker");
        var (job, leased) = await adapter.SubmitAndStartAsync(dave, JobRequests.Inline(QuotaHost.Lab));
        await adapter.CompleteAsync(leased.Lease, 3.25, "core-hours", Outcome.Error);

        await Eventually.HoldsAsync(async () => (await host.LedgerAsync(job.Id)).Count == 1, TimeSpan.FromSeconds(10), "the charge");
        Assert.Equal([(3.25m, 2.25m)], await host.LedgerAsync(job.Id));
        var quota = await host.Quotas(QuotaHost.ErinToken).QuotaAsync(QuotaHost.Lab, "SpiNNaker");
        Assert.Equal((1.0, 3.25, 2.25, 0.0), (quota!.Limit, quota.Used, quota.Overdraft, quota.Remaining));

        var refused = await Assert.ThrowsAsync<RpcException>(() => dave.SubmitJobAsync(JobRequests.Inline(QuotaHost.Lab)).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("has 0 core-hours left on SpiNNaker", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACancelledQueuedJob_ChargesNothing_AndReleasesItsReservation()
    {
        await using var host = await QuotaHost.StartAsync(postgres);
        var admin = host.Quotas(PlatformHost.AdminToken);
        await admin.SetAsync(QuotaHost.Lab, "BrainScaleS", 1);
        var dave = host.Jobs(QuotaHost.DaveToken);
        var job = await dave.SubmitJobAsync(JobRequests.Inline(QuotaHost.Lab, "BrainScaleS"));
        Assert.Equal(0.1, (await admin.QuotaAsync(QuotaHost.Lab, "BrainScaleS"))!.Reserved, 6);

        await dave.CancelJobAsync(new CancelJobRequest { Id = job.Id });
        await Eventually.HoldsAsync(async () => (await host.LedgerAsync(job.Id)).Count == 1, TimeSpan.FromSeconds(10), "the zero charge");
        Assert.Equal([(0m, 0m)], await host.LedgerAsync(job.Id));
        var quota = await admin.QuotaAsync(QuotaHost.Lab, "BrainScaleS");
        Assert.Equal((0.0, 0.0, 1.0, "wafer-hours"), (quota!.Used, quota.Reserved, quota.Remaining, quota.Units));
    }
}
