using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Tenancy;

/// <summary>
/// Every RPC that names a job, log, output, collab, code bundle or lease, called by someone who may not reach it:
/// another tenant gets NOT_FOUND (as if it did not exist), a member who may see but not change it PERMISSION_DENIED,
/// and nothing the owner has changes. A new RPC without a case here fails <see cref="EveryRpc_HasACrossTenantCase"/>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CrossTenantTests(PostgresFixture postgres)
{
    /// <summary>RPCs that name nothing another tenant owns, each with the reason.</summary>
    private static readonly Dictionary<string, string> Exempt = new(StringComparer.Ordinal)
    {
        ["/grpc.health.v1.Health/Check"] = "no tenant data",
        ["/grpc.health.v1.Health/Watch"] = "no tenant data",
        ["/grpc.health.v1.Health/List"] = "no tenant data",
    };

    [Fact]
    public void EveryRpc_HasACrossTenantCase()
    {
        var covered = CrossTenantCases.All.Select(c => c.Method).ToHashSet(StringComparer.Ordinal);

        var missing = ServedMethods().Where(m => !covered.Contains(m) && !Exempt.ContainsKey(m)).ToList();

        Assert.True(missing.Count == 0, "RPCs without a cross-tenant case in CrossTenantCases: " + string.Join(", ", missing));
        Assert.Contains("/nmpi.v1.Jobs/GetJob", covered);
    }

    [Fact]
    public async Task EveryCase_IsRefused_AndChangesNothing()
    {
        await using var world = await CrossTenantWorld.CreateAsync(postgres);
        var before = await SnapshotAsync(world);
        var failures = new List<string>();

        foreach (var @case in CrossTenantCases.All)
        {
            try
            {
                await @case.Run(world);
            }
            catch (Exception e)
            {
                failures.Add($"{@case.Method} ({@case.Name}): {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(before, await SnapshotAsync(world));
    }

    /// <summary>Every method of every service the gateway's protos declare, as "/package.Service/Method".</summary>
    private static IEnumerable<string> ServedMethods()
    {
        var files = typeof(Jobs).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .Select(p => (FileDescriptor)p!.GetValue(null)!)
            .ToList();
        Assert.NotEmpty(files);
        return files.SelectMany(f => f.Services).SelectMany(s => s.Methods).Select(m => $"/{m.Service.FullName}/{m.Name}").Distinct().Order(StringComparer.Ordinal);
    }

    // What the owner sees of its things: status, tags, comments, outputs and log (not URLs or lease times, which move on their own).
    private static async Task<string> SnapshotAsync(CrossTenantWorld world)
    {
        var parts = new List<string>();
        foreach (var id in new[] { world.Finished.Id, world.RunningJobId, world.Queued.Id })
        {
            var job = await world.Alice.GetJobAsync(new GetJobRequest { Id = id, IncludeLog = true });
            parts.Add(string.Join(
                " | ",
                job.Id,
                job.Status,
                string.Join(",", job.Tags),
                string.Join(",", job.Comments.Select(c => c.Text)),
                string.Join(",", job.OutputData.Select(o => $"{o.Path}:{o.Sha256}")),
                job.Log));
        }

        var request = await new Nmpi.Api.V1.Quotas.QuotasClient(world.As(PlatformHost.AliceToken)).GetResourceRequestAsync(new GetResourceRequestRequest { Id = world.Request.Id });
        parts.Add($"{request.Id} | {request.Status} | {request.Title} | {string.Join(",", request.Requested.Select(r => $"{r.Platform}={r.Amount}"))}");
        var quotas = await new Nmpi.Api.V1.Quotas.QuotasClient(world.As(PlatformHost.AdminToken)).ListQuotasAsync(new ListQuotasRequest { Collab = "neuro" });
        parts.AddRange(quotas.Quotas.Select(q => $"{q.Collab}/{q.Platform} limit {q.Limit}"));
        var neuro = await new Nmpi.Api.V1.Collabs.CollabsClient(world.As(PlatformHost.AliceToken)).GetCollabAsync(new GetCollabRequest { Id = "neuro" });
        parts.Add($"{neuro.Id} | {neuro.Title} | {string.Join(",", neuro.Members.Select(m => $"{m.UserId}:{m.Role}"))}");
        var alice = await new Nmpi.Api.V1.Accounts.AccountsClient(world.As(PlatformHost.AliceToken)).WhoAmIAsync(new WhoAmIRequest());
        parts.Add($"{alice.User.UserId} | {alice.User.Email} | {alice.User.HasPassword}");
        return string.Join("\n", parts);
    }
}
