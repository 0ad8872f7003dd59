using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Nmpi.Gateway.Outputs;

namespace Nmpi.Gateway.Tests;

public sealed class ArtifactStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "nmpi-artifacts-" + Guid.NewGuid().ToString("N"));
    private readonly ArtifactStore _store;

    public ArtifactStoreTests() => _store = new ArtifactStore(Options.Create(new GatewayOptions { ArtifactDirectory = _root }));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Commit_StoresUnderItsHash_AndReadsBack()
    {
        var data = RandomNumberGenerator.GetBytes(200_000);
        StoredArtifact stored;
        await using (var upload = _store.BeginUpload(1_000_000))
        {
            Assert.True(await upload.WriteAsync(data.AsMemory(0, 70_000), CancellationToken.None));
            Assert.True(await upload.WriteAsync(data.AsMemory(70_000), CancellationToken.None));
            stored = await upload.CommitAsync(CancellationToken.None);
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(data));
        Assert.Equal(new StoredArtifact(sha, data.Length), stored);
        Assert.True(File.Exists(Path.Combine(_root, "sha256", sha[..2], sha)));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "tmp")));
        await using var read = _store.OpenRead(sha)!;
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public async Task Commit_SameContentTwice_KeepsOneCopy()
    {
        for (var i = 0; i < 2; i++)
        {
            await using var upload = _store.BeginUpload(100);
            await upload.WriteAsync("same"u8.ToArray(), CancellationToken.None);
            await upload.CommitAsync(CancellationToken.None);
        }

        Assert.Single(Directory.GetFiles(Path.Combine(_root, "sha256"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "tmp")));
    }

    [Fact]
    public async Task Write_PastTheCap_IsRefused_AndTheTempFileGoes()
    {
        await using (var upload = _store.BeginUpload(10))
        {
            Assert.True(await upload.WriteAsync(new byte[10], CancellationToken.None));
            Assert.False(await upload.WriteAsync(new byte[1], CancellationToken.None));
            Assert.Equal(10, upload.Size);
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "tmp")));
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ABCDEF")]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    public void OpenRead_MalformedOrMissingHash_IsNull(string sha) => Assert.Null(_store.OpenRead(sha));
}
