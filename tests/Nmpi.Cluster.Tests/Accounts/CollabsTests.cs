using Google.Rpc;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Cluster.Tests.Quotas;
using WireRole = Nmpi.Api.V1.CollabRole;

namespace Nmpi.Cluster.Tests.Accounts;

/// <summary>Collabs and their members through the real gateway: viewer reads, editor submits, administrator manages.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CollabsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task CreateCollab_MakesTheCallerItsAdministrator_AndListsItWithTheRole()
    {
        await using var host = await TenantPlatform.StartAsync(postgres);
        var carol = host.Collabs(PlatformHost.CarolToken);

        var created = await carol.CreateCollabAsync(new CreateCollabRequest { Id = "vision-lab", Title = "Vision lab" });
        var again = await Assert.ThrowsAsync<RpcException>(() => carol.CreateCollabAsync(new CreateCollabRequest { Id = "vision-lab" }).ResponseAsync);
        var privateName = await Assert.ThrowsAsync<RpcException>(() => carol.CreateCollabAsync(new CreateCollabRequest { Id = "private-zed" }).ResponseAsync);
        var mine = await carol.ListMyCollabsAsync(new ListMyCollabsRequest());

        Assert.Equal(("vision-lab", "Vision lab", "carol", false, WireRole.Administrator), (created.Id, created.Title, created.CreatedBy, created.IsPrivate, created.MyRole));
        Assert.Equal([("carol", WireRole.Administrator)], created.Members.Select(m => (m.UserId, m.Role)));
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, privateName.StatusCode);
        Assert.Equal(
            [("other", WireRole.Editor), ("private-carol", WireRole.Administrator), ("vision-lab", WireRole.Administrator)],
            mine.Collabs.Select(c => (c.CollabId, c.Role)));
    }

    [Fact]
    public async Task ACollabTheCallerIsNotIn_AnswersNotFound_AsIfItDidNotExist()
    {
        await using var host = await TenantPlatform.StartAsync(postgres);
        var alice = host.Collabs(PlatformHost.AliceToken);

        var hidden = await Assert.ThrowsAsync<RpcException>(() => alice.GetCollabAsync(new GetCollabRequest { Id = "other" }).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => alice.GetCollabAsync(new GetCollabRequest { Id = "no-such-collab" }).ResponseAsync);
        var hiddenAdd = await Assert.ThrowsAsync<RpcException>(() => alice.AddMemberAsync(
            new AddMemberRequest { CollabId = "other", UserId = "alice", Role = WireRole.Administrator }).ResponseAsync);
        var byAdmin = await host.Collabs(PlatformHost.AdminToken).GetCollabAsync(new GetCollabRequest { Id = "other" });

        Assert.All([hidden, missing, hiddenAdd], e =>
        {
            Assert.Equal(StatusCode.NotFound, e.StatusCode);
            Assert.Equal("COLLAB_NOT_FOUND", e.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
        });
        Assert.Equal(hidden.Status.Detail.Replace("other", "X", StringComparison.Ordinal), missing.Status.Detail.Replace("no-such-collab", "X", StringComparison.Ordinal));
        Assert.Equal([("carol", WireRole.Editor)], byAdmin.Members.Select(m => (m.UserId, m.Role)));
    }

    [Fact]
    public async Task ViewersAndEditors_SeeTheMembers_OnlyAdministratorsManageThem()
    {
        await using var host = await TenantPlatform.StartAsync(postgres);
        // alice: neuro editor, shared viewer; bob: neuro viewer, shared administrator.
        var asViewer = await host.Collabs(PlatformHost.BobToken).GetCollabAsync(new GetCollabRequest { Id = "neuro" });
        var byViewer = await Assert.ThrowsAsync<RpcException>(() => host.Collabs(PlatformHost.BobToken).AddMemberAsync(
            new AddMemberRequest { CollabId = "neuro", UserId = "carol", Role = WireRole.Viewer }).ResponseAsync);
        var byEditor = await Assert.ThrowsAsync<RpcException>(() => host.Collabs(PlatformHost.AliceToken).AddMemberAsync(
            new AddMemberRequest { CollabId = "neuro", UserId = "carol", Role = WireRole.Viewer }).ResponseAsync);
        var byAdministrator = await host.Collabs(PlatformHost.BobToken).AddMemberAsync(
            new AddMemberRequest { CollabId = "shared", UserId = "carol", Role = WireRole.Viewer });
        var unknownUser = await Assert.ThrowsAsync<RpcException>(() => host.Collabs(PlatformHost.BobToken).AddMemberAsync(
            new AddMemberRequest { CollabId = "shared", UserId = "nobody", Role = WireRole.Viewer }).ResponseAsync);

        Assert.Equal(WireRole.Viewer, asViewer.MyRole);
        Assert.Equal(["alice", "bob"], asViewer.Members.Select(m => m.UserId));
        Assert.Equal(StatusCode.PermissionDenied, byViewer.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, byEditor.StatusCode);
        Assert.Equal([("alice", WireRole.Viewer), ("bob", WireRole.Administrator), ("carol", WireRole.Viewer)], byAdministrator.Members.Select(m => (m.UserId, m.Role)));
        Assert.Equal("bob", byAdministrator.Members.Single(m => m.UserId == "carol").AddedBy);
        Assert.Equal(StatusCode.NotFound, unknownUser.StatusCode);
        Assert.Equal("USER_NOT_FOUND", unknownUser.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
    }

    [Fact]
    public async Task AMemberAdded_SubmitsAtOnce_AndLosesAccessAtOnceWhenRemoved()
    {
        await using var host = await TenantPlatform.StartAsync(postgres);
        var alice = host.Collabs(PlatformHost.AliceToken);
        var carolJobs = host.Jobs(PlatformHost.CarolToken);
        await alice.CreateCollabAsync(new CreateCollabRequest { Id = "lab" });
        await host.Quotas(PlatformHost.AdminToken).SetAsync("lab", "SpiNNaker", 10);

        var outsider = await Assert.ThrowsAsync<RpcException>(() => carolJobs.SubmitJobAsync(JobRequests.Inline("lab")).ResponseAsync);
        await alice.AddMemberAsync(new AddMemberRequest { CollabId = "lab", UserId = "carol", Role = WireRole.Viewer });
        var asViewer = await Assert.ThrowsAsync<RpcException>(() => carolJobs.SubmitJobAsync(JobRequests.Inline("lab")).ResponseAsync);
        await alice.SetMemberRoleAsync(new SetMemberRoleRequest { CollabId = "lab", UserId = "carol", Role = WireRole.Editor });
        var job = await carolJobs.SubmitJobAsync(JobRequests.Inline("lab"));
        var aliceSees = await host.Jobs(PlatformHost.AliceToken).GetJobAsync(new GetJobRequest { Id = job.Id });
        await alice.RemoveMemberAsync(new RemoveMemberRequest { CollabId = "lab", UserId = "carol" });
        var removed = await Assert.ThrowsAsync<RpcException>(() => carolJobs.GetJobAsync(new GetJobRequest { Id = job.Id }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, outsider.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, asViewer.StatusCode);
        Assert.Equal(("lab", "carol"), (job.Collab, job.UserId));
        Assert.Equal(job.Id, aliceSees.Id);
        Assert.Equal(StatusCode.NotFound, removed.StatusCode);
    }

    [Fact]
    public async Task TheLastAdministrator_StaysUntilAnotherIsNamed()
    {
        await using var host = await TenantPlatform.StartAsync(postgres);
        var alice = host.Collabs(PlatformHost.AliceToken);
        await alice.CreateCollabAsync(new CreateCollabRequest { Id = "lab" });

        var demote = await Assert.ThrowsAsync<RpcException>(() => alice.SetMemberRoleAsync(
            new SetMemberRoleRequest { CollabId = "lab", UserId = "alice", Role = WireRole.Editor }).ResponseAsync);
        var leave = await Assert.ThrowsAsync<RpcException>(() => alice.RemoveMemberAsync(new RemoveMemberRequest { CollabId = "lab", UserId = "alice" }).ResponseAsync);
        await alice.AddMemberAsync(new AddMemberRequest { CollabId = "lab", UserId = "bob", Role = WireRole.Administrator });
        var left = await alice.RemoveMemberAsync(new RemoveMemberRequest { CollabId = "lab", UserId = "alice" });
        var gone = await Assert.ThrowsAsync<RpcException>(() => alice.GetCollabAsync(new GetCollabRequest { Id = "lab" }).ResponseAsync);

        Assert.All([demote, leave], e =>
        {
            Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
            Assert.Equal("LAST_ADMINISTRATOR", e.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
        });
        Assert.Equal([("bob", WireRole.Administrator)], left.Members.Select(m => (m.UserId, m.Role)));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task APrivateCollab_TakesNoOtherMembers()
    {
        await using var host = await TenantPlatform.StartAsync(postgres);
        var alice = host.Collabs(PlatformHost.AliceToken);

        var added = await Assert.ThrowsAsync<RpcException>(() => alice.AddMemberAsync(
            new AddMemberRequest { CollabId = "private-alice", UserId = "bob", Role = WireRole.Viewer }).ResponseAsync);
        var own = await alice.GetCollabAsync(new GetCollabRequest { Id = "private-alice" });
        var bobs = await Assert.ThrowsAsync<RpcException>(() => host.Collabs(PlatformHost.BobToken).GetCollabAsync(new GetCollabRequest { Id = "private-alice" }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, added.StatusCode);
        Assert.Equal("PRIVATE_COLLAB", added.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
        Assert.True(own.IsPrivate);
        Assert.Equal([("alice", WireRole.Administrator)], own.Members.Select(m => (m.UserId, m.Role)));
        Assert.Equal(StatusCode.NotFound, bobs.StatusCode);
    }
}
