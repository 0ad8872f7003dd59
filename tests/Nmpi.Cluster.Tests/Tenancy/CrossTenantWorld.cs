using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Tenancy;

/// <summary>
/// A platform holding one tenant's things — jobs in every phase, a log, an output, code bundles and a live lease —
/// and clients for the users and sites who must not reach them.
/// </summary>
public sealed class CrossTenantWorld(PlatformHost host) : IAsyncDisposable
{
    public static readonly byte[] Script = Encoding.UTF8.GetBytes("print('alice only')\n");

    public PlatformHost Host { get; } = host;

    /// <summary>The owner: editor of collab "neuro".</summary>
    public Jobs.JobsClient Alice { get; } = host.Jobs(PlatformHost.AliceToken);

    /// <summary>A viewer of "neuro": sees its jobs, may change none.</summary>
    public Jobs.JobsClient Bob { get; } = host.Jobs(PlatformHost.BobToken);

    /// <summary>Another tenant: editor of "other" only.</summary>
    public Jobs.JobsClient Carol { get; } = host.Jobs(PlatformHost.CarolToken);

    public Job Queued { get; private set; } = null!;

    public Job Finished { get; private set; } = null!;

    public string OutputPath { get; } = "result.txt";

    public CodeBundle CollabBundle { get; private set; } = null!;

    public CodeBundle PersonalBundle { get; private set; } = null!;

    /// <summary>A resource request of collab "neuro", still in preparation.</summary>
    public ResourceRequest Request { get; private set; } = null!;

    /// <summary>The site that runs the tenant's job (key of site "hd").</summary>
    public TestAdapter Owner { get; private set; } = null!;

    /// <summary>Another site's adapter on the same platform (key of site "mcr").</summary>
    public TestAdapter Intruder { get; private set; } = null!;

    /// <summary>The lease of a job running on the owner's adapter.</summary>
    public LeaseRef RunningLease { get; private set; } = null!;

    public long RunningJobId => RunningLease.JobId;

    public static async Task<CrossTenantWorld> CreateAsync(PostgresFixture postgres)
    {
        var world = new CrossTenantWorld(await PlatformHost.StartAsync(postgres));
        await world.PopulateAsync();
        return world;
    }

    /// <summary>A call invoker that sends the user's bearer token, for any service's client.</summary>
    public CallInvoker As(string token) =>
        Host.Channel.Intercept(headers =>
        {
            headers.Add("authorization", $"Bearer {token}");
            return headers;
        });

    public static string Sha(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private async Task PopulateAsync()
    {
        Owner = await TestAdapter.RegisterAsync(Host, "spinn-hd", "SpiNNaker");
        Intruder = await TestAdapter.RegisterAsync(Host, "spinn-mcr", "SpiNNaker", key: PlatformHost.OtherSiteKey);

        // Finished, with a log and an output file.
        var (finished, leased) = await Owner.SubmitAndStartAsync(Alice, JobRequests.Inline());
        await Owner.AppendLogAsync(leased.Lease, 0, "secret log line\n");
        await Owner.UploadAsync(leased.Lease, OutputPath, Encoding.UTF8.GetBytes("secret result"), "text/plain");
        await Owner.CompleteAsync(leased.Lease);
        Finished = await JobRequests.WaitForStatusAsync(Alice, finished.Id, JobStatus.Finished);

        // Running on the owner's adapter, holding a live lease.
        var (_, running) = await Owner.SubmitAndStartAsync(Alice, JobRequests.Inline());
        RunningLease = running.Lease;

        // Queued: Spikey has no adapter here, so it waits.
        Queued = await Alice.SubmitJobAsync(JobRequests.Inline(platform: "Spikey"));

        await UploadAsync(Alice, "neuro", Script);
        CollabBundle = await CreateBundleAsync(Alice, "neuro");
        await UploadAsync(Alice, "", Script);
        PersonalBundle = await CreateBundleAsync(Alice, "");

        var request = new CreateResourceRequestRequest { Collab = "neuro", Title = "Plasticity", Abstract = "Large networks." };
        request.Requested.Add(new PlatformAmount { Platform = "SpiNNaker", Amount = 10 });
        Request = await new Nmpi.Api.V1.Quotas.QuotasClient(As(PlatformHost.AliceToken)).CreateResourceRequestAsync(request);
    }

    public static async Task UploadAsync(Jobs.JobsClient client, string collab, byte[] content)
    {
        using var call = client.UploadBlob();
        try
        {
            await call.RequestStream.WriteAsync(new UploadBlobChunk
            {
                Header = new UploadBlobHeader { Collab = collab, Sha256 = Sha(content), Size = content.Length },
            });
            await call.RequestStream.WriteAsync(new UploadBlobChunk { Data = ByteString.CopyFrom(content) });
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server refused after the header and ended the call; its answer below says why.
        }

        await call;
    }

    public static Task<CodeBundle> CreateBundleAsync(Jobs.JobsClient client, string collab) =>
        client.CreateCodeBundleAsync(new CreateCodeBundleRequest
        {
            Collab = collab,
            Files = { new CodeBundleEntry { Path = "run.py", Sha256 = Sha(Script) } },
        }).ResponseAsync;
}
