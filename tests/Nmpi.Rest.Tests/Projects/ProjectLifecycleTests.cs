using System.Net;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Quotas;
using Nmpi.Rest.Tests.Infrastructure;
using static Nmpi.Rest.Tests.Projects.ProjectApi;

namespace Nmpi.Rest.Tests.Projects;

[Collection(RestPostgresCollection.Name)]
public sealed class ProjectLifecycleTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Create_AsEditor_Answers201WithTheProjectInPreparation()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);

        var created = await CreateAsync(alice, new
        {
            collab = "neuro",
            title = "Plasticity at scale",
            @abstract = "Large plastic networks.",
            description = "Three experiments.",
            quotas = new[] { new { platform = "SpiNNaker", limit = 5000.0 }, new { platform = "BrainScaleS", limit = 2.5 } },
        });

        var id = created.GetProperty("id").GetInt64();
        Assert.Equal("neuro", created.GetProperty("collab").GetString());
        Assert.Equal("alice", created.GetProperty("owner").GetString());
        Assert.Equal("in preparation", created.GetProperty("status").GetString());
        Assert.Equal($"/projects/{id}", created.GetProperty("resource_uri").GetString());
        Assert.Equal("Large plastic networks.\n\nThree experiments.", created.GetProperty("abstract").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, created.GetProperty("submission_date").ValueKind);
        Assert.Empty(created.GetProperty("quotas").EnumerateArray());
        var requested = created.GetProperty("requested").EnumerateArray().ToDictionary(q => q.GetProperty("platform").GetString()!);
        Assert.Equal(5000.0, requested["SpiNNaker"].GetProperty("limit").GetDouble());
        Assert.Equal("core-hours", requested["SpiNNaker"].GetProperty("units").GetString());
        Assert.Equal("wafer-hours", requested["BrainScaleS"].GetProperty("units").GetString());

        var (status, read) = await GetAsync(alice, $"/projects/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Plasticity at scale", read.GetProperty("title").GetString());
    }

    [Fact]
    public async Task SubmitThenAccept_GrantsTheQuotasToTheCollab_AndFreezesTheProject()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var admin = RestClient.For(host, PlatformHost.AdminToken);
        var id = (await CreateAsync(alice, Body("neuro", quotas: ("Spikey", 40)))).GetProperty("id").GetInt64();
        var before = (await host.Quotas(PlatformHost.AdminToken).QuotaAsync("neuro", "Spikey"))!.Limit;

        var (edited, editedJson) = await PutAsync(alice, id, new { title = "Renamed", quotas = new[] { new { platform = "Spikey", limit = 50.0 } } });
        Assert.Equal(HttpStatusCode.OK, edited);
        Assert.Equal("Renamed", editedJson.GetProperty("title").GetString());

        var (submitted, submittedJson) = await PutAsync(alice, id, new { status = "under review" });
        Assert.Equal(HttpStatusCode.OK, submitted);
        Assert.Equal("under review", submittedJson.GetProperty("status").GetString());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd"), submittedJson.GetProperty("submission_date").GetString());

        var (frozen, frozenJson) = await PutAsync(alice, id, new { title = "Changed after submission" });
        Assert.Equal(HttpStatusCode.Forbidden, frozen);
        Assert.Equal("Can't edit a submitted form.", Detail(frozenJson));

        var (selfAccept, selfAcceptJson) = await PutAsync(alice, id, new { status = "accepted" });
        Assert.Equal(HttpStatusCode.Forbidden, selfAccept);
        Assert.Equal("You do not have permission to change the status of this project.", Detail(selfAcceptJson));

        var (accepted, acceptedJson) = await PutAsync(admin, id, new { status = "accepted", quotas = new[] { new { platform = "Spikey", limit = 30.0 } } });
        Assert.Equal(HttpStatusCode.OK, accepted);
        Assert.Equal("accepted", acceptedJson.GetProperty("status").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, acceptedJson.GetProperty("decision_date").ValueKind);
        var quota = Assert.Single(acceptedJson.GetProperty("quotas").EnumerateArray());
        Assert.Equal(30.0, quota.GetProperty("limit").GetDouble());
        Assert.Equal("hours", quota.GetProperty("units").GetString());
        Assert.Equal($"/projects/{id}", quota.GetProperty("project").GetString());
        Assert.Equal($"/projects/{id}/quotas/Spikey", quota.GetProperty("resource_uri").GetString());

        var after = (await host.Quotas(PlatformHost.AdminToken).QuotaAsync("neuro", "Spikey"))!.Limit;
        Assert.Equal(before + 30, after);

        var (listed, quotas) = await GetAsync(alice, $"/projects/{id}/quotas/");
        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Equal("Spikey", Assert.Single(quotas.EnumerateArray()).GetProperty("platform").GetString());
        var (one, oneJson) = await GetAsync(alice, $"/projects/{id}/quotas/Spikey");
        Assert.Equal(HttpStatusCode.OK, one);
        Assert.Equal(30.0, oneJson.GetProperty("limit").GetDouble());
        var (none, noneJson) = await GetAsync(alice, $"/projects/{id}/quotas/SpiNNaker");
        Assert.Equal(HttpStatusCode.NotFound, none);
        Assert.Equal("There is no quota with this id", Detail(noneJson));

        var (again, _) = await PutAsync(admin, id, new { status = "rejected" });
        Assert.Equal(HttpStatusCode.BadRequest, again);
        Assert.Equal(after, (await host.Quotas(PlatformHost.AdminToken).QuotaAsync("neuro", "Spikey"))!.Limit);
    }

    [Fact]
    public async Task Reject_ByAdministrator_GrantsNothing()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var admin = RestClient.For(host, PlatformHost.AdminToken);
        var id = (await CreateAsync(alice, Body("neuro", quotas: ("Spikey", 40)))).GetProperty("id").GetInt64();
        var before = (await host.Quotas(PlatformHost.AdminToken).QuotaAsync("neuro", "Spikey"))!.Limit;
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(alice, id, new { status = "under review" })).Status);

        var (rejected, json) = await PutAsync(admin, id, new { status = "rejected" });

        Assert.Equal(HttpStatusCode.OK, rejected);
        Assert.Equal("rejected", json.GetProperty("status").GetString());
        Assert.Empty(json.GetProperty("quotas").EnumerateArray());
        Assert.Equal(before, (await host.Quotas(PlatformHost.AdminToken).QuotaAsync("neuro", "Spikey"))!.Limit);
    }

    [Fact]
    public async Task CreateUnderReview_SubmitsAtOnce()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);

        var created = await CreateAsync(alice, new { collab = "neuro", title = "Quick", @abstract = "", status = "under review", quotas = new[] { new { platform = "SpiNNaker", limit = 10.0 } } });

        Assert.Equal("under review", created.GetProperty("status").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, created.GetProperty("submission_date").ValueKind);
    }

    [Fact]
    public async Task Delete_InPreparation_RemovesTheProject_ButNotOnceSubmitted()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var bob = RestClient.For(host, PlatformHost.BobToken);
        var draft = (await CreateAsync(alice, Body("neuro"))).GetProperty("id").GetInt64();
        var submitted = (await CreateAsync(alice, Body("neuro"))).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(alice, submitted, new { status = "under review" })).Status);

        using (var viewer = await bob.DeleteAsync($"/projects/{draft}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        }

        using (var refused = await alice.DeleteAsync($"/projects/{submitted}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("only a request in preparation can be deleted", Detail(await RestClient.JsonAsync(refused)));
        }

        using (var deleted = await alice.DeleteAsync($"/projects/{draft}"))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
            Assert.Equal("null", await deleted.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(alice, $"/projects/{draft}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(alice, $"/projects/{submitted}")).Status);
    }

    [Fact]
    public async Task ProjectQuotaChanges_AreForAdministrators_AndExplainHowGrantsWork()
    {
        await using var host = await PlatformHost.StartAsync(postgres);
        using var alice = RestClient.For(host, PlatformHost.AliceToken);
        using var admin = RestClient.For(host, PlatformHost.AdminToken);
        var id = (await CreateAsync(alice, Body("neuro"))).GetProperty("id").GetInt64();
        var quota = new { platform = "SpiNNaker", limit = 100.0, units = "core-hours" };

        using var member = await alice.PostAsync($"/projects/{id}/quotas/", System.Net.Http.Json.JsonContent.Create(quota));
        using var administrator = await admin.PostAsync($"/projects/{id}/quotas/", System.Net.Http.Json.JsonContent.Create(quota));

        Assert.Equal(HttpStatusCode.Forbidden, member.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, administrator.StatusCode);
        Assert.Contains("granted when the project is accepted", Detail(await RestClient.JsonAsync(administrator)));
    }
}
