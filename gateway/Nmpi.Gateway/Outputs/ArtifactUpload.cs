using System.Security.Cryptography;

namespace Nmpi.Gateway.Outputs;

/// <summary>One file being written to the artifact store, hashed and counted as it arrives; deleted unless committed.</summary>
public sealed class ArtifactUpload : IAsyncDisposable
{
    private readonly ArtifactStore _store;
    private readonly string _tempPath;
    private readonly long _maxBytes;
    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _committed;

    internal ArtifactUpload(ArtifactStore store, string tempPath, long maxBytes)
    {
        _store = store;
        _tempPath = tempPath;
        _maxBytes = maxBytes;
        _file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
    }

    /// <summary>Bytes written so far.</summary>
    public long Size { get; private set; }

    /// <summary>Appends data; returns false (writing nothing) when it would pass the size cap.</summary>
    public async ValueTask<bool> WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (Size + data.Length > _maxBytes)
        {
            return false;
        }

        _hash.AppendData(data.Span);
        await _file.WriteAsync(data, cancellationToken);
        Size += data.Length;
        return true;
    }

    /// <summary>Flushes the file to disk and moves it to its content address.</summary>
    public async Task<StoredArtifact> CommitAsync(CancellationToken cancellationToken)
    {
        var sha256 = await FinishAsync(cancellationToken);
        _store.Commit(_tempPath, sha256);
        _committed = true;
        return new StoredArtifact(sha256, Size);
    }

    /// <summary>Commits only when the content hashes to the expected digest; otherwise returns what it hashes to and keeps nothing.</summary>
    public async Task<(bool Committed, StoredArtifact Received)> CommitIfHashAsync(string expectedSha256, CancellationToken cancellationToken)
    {
        var sha256 = await FinishAsync(cancellationToken);
        if (!string.Equals(sha256, expectedSha256, StringComparison.Ordinal))
        {
            return (false, new StoredArtifact(sha256, Size));
        }

        _store.Commit(_tempPath, sha256);
        _committed = true;
        return (true, new StoredArtifact(sha256, Size));
    }

    private async Task<string> FinishAsync(CancellationToken cancellationToken)
    {
        await _file.FlushAsync(cancellationToken);
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync();
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync();
        _hash.Dispose();
        if (!_committed)
        {
            File.Delete(_tempPath);
        }
    }
}
