using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Quotas;

[Collection("postgres")]
public sealed class QuotaTenancyTests(PostgresFixture postgres)
{
    [Fact]
    public async Task AnotherCollabsRequestsAndQuotas_AnswerNotFound_AndChangeNothing()
    {
        await using var host = await QuotaHost.StartAsync(postgres);
        var dave = host.Quotas(QuotaHost.DaveToken);
        var carol = host.Quotas(PlatformHost.CarolToken);
        await host.Quotas(PlatformHost.AdminToken).SetAsync(QuotaHost.Lab, "SpiNNaker", 4);
        var request = await dave.CreateResourceRequestAsync(QuotaHost.Request("Ours", ("SpiNNaker", 3)));

        var update = new UpdateResourceRequestRequest { Id = request.Id, Title = "Theirs" };
        update.Requested.Add(new PlatformAmount { Platform = "SpiNNaker", Amount = 99 });
        var calls = new (string Rpc, Func<Task> Call)[]
        {
            ("GetResourceRequest", () => carol.GetResourceRequestAsync(new GetResourceRequestRequest { Id = request.Id }).ResponseAsync),
            ("UpdateResourceRequest", () => carol.UpdateResourceRequestAsync(update).ResponseAsync),
            ("SubmitResourceRequest", () => carol.SubmitResourceRequestAsync(new SubmitResourceRequestRequest { Id = request.Id }).ResponseAsync),
            ("DecideResourceRequest", () => carol.DecideResourceRequestAsync(new DecideResourceRequestRequest { Id = request.Id, Accept = true }).ResponseAsync),
            ("ListResourceRequests", () => carol.ListResourceRequestsAsync(new ListResourceRequestsRequest { Collab = QuotaHost.Lab }).ResponseAsync),
            ("ListQuotas", () => carol.ListQuotasAsync(new ListQuotasRequest { Collab = QuotaHost.Lab }).ResponseAsync),
            ("SetQuota", () => carol.SetQuotaAsync(new SetQuotaRequest { Collab = QuotaHost.Lab, Platform = "SpiNNaker", Limit = 1000 }).ResponseAsync),
            ("CreateResourceRequest", () => carol.CreateResourceRequestAsync(QuotaHost.Request("Sneaky", ("SpiNNaker", 1))).ResponseAsync),
        };
        foreach (var (rpc, call) in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(error.StatusCode == StatusCode.NotFound, $"{rpc} answered {error.StatusCode}");
        }

        // A missing request answers exactly like a hidden one.
        var missing = await Assert.ThrowsAsync<RpcException>(() => carol.GetResourceRequestAsync(new GetResourceRequestRequest { Id = request.Id + 1000 }).ResponseAsync);
        var hidden = await Assert.ThrowsAsync<RpcException>(() => carol.GetResourceRequestAsync(new GetResourceRequestRequest { Id = request.Id }).ResponseAsync);
        Assert.Equal((missing.Reason(), missing.Status.Detail.Replace((request.Id + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), "N", StringComparison.Ordinal)),
            (hidden.Reason(), hidden.Status.Detail.Replace(request.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "N", StringComparison.Ordinal)));

        // Unfiltered listings leave the lab out; nothing changed.
        Assert.DoesNotContain((await carol.ListQuotasAsync(new ListQuotasRequest())).Quotas, q => q.Collab == QuotaHost.Lab);
        Assert.DoesNotContain((await carol.ListResourceRequestsAsync(new ListResourceRequestsRequest())).Requests, r => r.Collab == QuotaHost.Lab);
        var unchanged = await dave.GetResourceRequestAsync(new GetResourceRequestRequest { Id = request.Id });
        Assert.Equal(("Ours", ResourceRequestStatus.InPreparation, 3.0), (unchanged.Title, unchanged.Status, unchanged.Requested[0].Amount));
        Assert.Equal(4.0, (await dave.QuotaAsync(QuotaHost.Lab, "SpiNNaker"))!.Limit);
    }

    [Fact]
    public async Task Viewers_ReadButDoNotWrite_AndOnlyAdministratorsSetQuotas()
    {
        await using var host = await QuotaHost.StartAsync(postgres);
        var erin = host.Quotas(QuotaHost.ErinToken);
        var dave = host.Quotas(QuotaHost.DaveToken);

        Assert.Equal(StatusCode.PermissionDenied,
            (await Assert.ThrowsAsync<RpcException>(() => erin.CreateResourceRequestAsync(QuotaHost.Request("x", ("Spikey", 1))).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied,
            (await Assert.ThrowsAsync<RpcException>(() => dave.SetAsync(QuotaHost.Lab, "Spikey", 100))).StatusCode);
        var request = await dave.CreateResourceRequestAsync(QuotaHost.Request("x", ("Spikey", 1)));
        Assert.Equal(StatusCode.PermissionDenied,
            (await Assert.ThrowsAsync<RpcException>(() => erin.SubmitResourceRequestAsync(new SubmitResourceRequestRequest { Id = request.Id }).ResponseAsync)).StatusCode);
        Assert.Single((await erin.ListResourceRequestsAsync(new ListResourceRequestsRequest { Collab = QuotaHost.Lab })).Requests);
        Assert.Empty((await erin.ListQuotasAsync(new ListQuotasRequest { Collab = QuotaHost.Lab })).Quotas);
    }

    [Fact]
    public async Task NobodyDecidesTheirOwnRequest_NotEvenAnAdministrator()
    {
        await using var host = await QuotaHost.StartAsync(postgres);
        var admin = host.Quotas(PlatformHost.AdminToken);
        var own = await admin.CreateResourceRequestAsync(QuotaHost.Request("Mine", ("SpiNNaker", 5)));
        await admin.SubmitResourceRequestAsync(new SubmitResourceRequestRequest { Id = own.Id });

        var refused = await Assert.ThrowsAsync<RpcException>(
            () => admin.DecideResourceRequestAsync(new DecideResourceRequestRequest { Id = own.Id, Accept = true }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal(ResourceRequestStatus.UnderReview, (await admin.GetResourceRequestAsync(new GetResourceRequestRequest { Id = own.Id })).Status);
        Assert.Null(await admin.QuotaAsync(QuotaHost.Lab, "SpiNNaker"));

        // A rejected request grants nothing and cannot be decided again.
        var dave = host.Quotas(QuotaHost.DaveToken);
        var theirs = await dave.CreateResourceRequestAsync(QuotaHost.Request("Theirs", ("Spikey", 5)));
        await dave.SubmitResourceRequestAsync(new SubmitResourceRequestRequest { Id = theirs.Id });
        var rejected = await admin.DecideResourceRequestAsync(new DecideResourceRequestRequest { Id = theirs.Id, Accept = false, Note = "not now" });
        Assert.Equal((ResourceRequestStatus.Rejected, "not now"), (rejected.Status, rejected.DecisionNote));
        Assert.Null(await admin.QuotaAsync(QuotaHost.Lab, "Spikey"));
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(
            () => admin.DecideResourceRequestAsync(new DecideResourceRequestRequest { Id = theirs.Id, Accept = true }).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task MalformedRequests_GetFieldViolations_AndStoreNothing()
    {
        await using var host = await QuotaHost.StartAsync(postgres);
        var dave = host.Quotas(QuotaHost.DaveToken);
        var bad = QuotaHost.Request("", ("spinnaker", -1), ("Spikey", double.NaN));
        var error = await Assert.ThrowsAsync<RpcException>(() => dave.CreateResourceRequestAsync(bad).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field).ToList();
        Assert.Equal(["title", "requested[0].platform", "requested[0].amount", "requested[1].amount"], fields);
        Assert.Equal(0L, await host.ScalarAsync("SELECT count(*) FROM nmpi_resource_requests"));

        var admin = host.Quotas(PlatformHost.AdminToken);
        var badLimit = await Assert.ThrowsAsync<RpcException>(() => admin.SetAsync(QuotaHost.Lab, "Nowhere", -5));
        Assert.Equal(StatusCode.InvalidArgument, badLimit.StatusCode);
        Assert.Equal(0L, await host.ScalarAsync("SELECT count(*) FROM nmpi_quotas WHERE collab = 'lab'"));
    }
}
