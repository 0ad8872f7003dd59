using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Gateway.CodeBundles;

namespace Nmpi.Cluster.Tests.Storage;

/// <summary>Security review M-4: uploaded code no bundle names does not stay on the shared disk forever.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CodeBlobCollectionTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Sweep_RemovesAnOldUnreferencedFile_KeepsReferencedAndFreshOnes_AndFreesTheQuota()
    {
        await using var host = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Nmpi:CodeStorage:UnreferencedGrace"] = "01:00:00",
            ["Nmpi:Gateway:CodeCollection:Interval"] = "00:00:00", // Off: the test sweeps when it wants.
        });
        var alice = host.Jobs(PlatformHost.AliceToken);
        var referenced = RandomNumberGenerator.GetBytes(1000);
        var orphan = RandomNumberGenerator.GetBytes(2000);
        var fresh = RandomNumberGenerator.GetBytes(4000);
        foreach (var data in new[] { referenced, orphan, fresh })
        {
            await CodeUploads.UploadAsync(alice, data);
        }

        var bundle = await alice.CreateCodeBundleAsync(new CreateCodeBundleRequest { Files = { new CodeBundleEntry { Path = "run.py", Sha256 = CodeUploads.Sha(referenced) } } });
        await CodeUploads.AgeAsync(host, TimeSpan.FromHours(2), CodeUploads.Sha(referenced), CodeUploads.Sha(orphan));
        var collector = host.Services.GetRequiredService<CodeBlobCollector>();

        var removed = await collector.SweepAsync();
        var removedAgain = await collector.SweepAsync();

        Assert.Equal([("user:alice", CodeUploads.Sha(orphan), 2000L)], removed.Select(b => (b.Owner, b.Sha256, b.Size)));
        Assert.Empty(removedAgain);
        Assert.Equal(
            [CodeUploads.Sha(orphan)],
            await CodeUploads.MissingAsync(alice, "", CodeUploads.Sha(referenced), CodeUploads.Sha(orphan), CodeUploads.Sha(fresh)));
        Assert.False(File.Exists(Path.Combine(host.ArtifactDirectory, new CodeOwner(null, "alice").Area, "sha256", CodeUploads.Sha(orphan)[..2], CodeUploads.Sha(orphan))));
        Assert.Equal(5000, await CodeUploads.StoredBytesAsync(host, "user:alice"));

        // The kept bundle still runs as before: its file is there.
        var job = await alice.SubmitJobAsync(new SubmitJobRequest
        {
            RequestId = $"req-{Guid.NewGuid():N}",
            Code = new JobCode { ArtifactId = bundle.Id },
            Command = "run.py",
            HardwarePlatform = "SpiNNaker",
            Collab = "neuro",
        });
        Assert.Equal(bundle.Id, job.Code.ArtifactId);
    }

    [Fact]
    public async Task Sweep_SparesAnOldFileTheOwnerJustAskedAbout_SoAnUploadAboutToBeNamedSurvives()
    {
        await using var host = await PlatformHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Nmpi:CodeStorage:UnreferencedGrace"] = "01:00:00",
            ["Nmpi:Gateway:CodeCollection:Interval"] = "00:00:00",
        });
        var alice = host.Jobs(PlatformHost.AliceToken);
        var data = RandomNumberGenerator.GetBytes(1000);
        await CodeUploads.UploadAsync(alice, data);
        await CodeUploads.AgeAsync(host, TimeSpan.FromHours(2), CodeUploads.Sha(data));

        // What `nmpi run` does before naming its files: ask which are missing (none), which starts the grace period again.
        Assert.Empty(await CodeUploads.MissingAsync(alice, "", CodeUploads.Sha(data)));
        var removed = await host.Services.GetRequiredService<CodeBlobCollector>().SweepAsync();
        var bundle = await alice.CreateCodeBundleAsync(new CreateCodeBundleRequest { Files = { new CodeBundleEntry { Path = "run.py", Sha256 = CodeUploads.Sha(data) } } });

        Assert.Empty(removed);
        Assert.Equal(1000, bundle.TotalSize);
    }
}
