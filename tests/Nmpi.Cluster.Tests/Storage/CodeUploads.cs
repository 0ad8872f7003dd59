using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Npgsql;

namespace Nmpi.Cluster.Tests.Storage;

/// <summary>Code uploads and look-ups the storage tests share: real gRPC calls, and the storage tables read directly.</summary>
public static class CodeUploads
{
    public static string Sha(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Uploads the bytes with an honest header (or the given digest) as the user behind the client.</summary>
    public static async Task<UploadBlobResponse> UploadAsync(Jobs.JobsClient client, byte[] data, string collab = "", string? sha256 = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(data);
        using var call = client.UploadBlob();
        await call.RequestStream.WriteAsync(new UploadBlobChunk { Header = new UploadBlobHeader { Collab = collab, Sha256 = sha256 ?? Sha(data), Size = data.Length } });
        for (var offset = 0; offset < data.Length; offset += 30_000)
        {
            await call.RequestStream.WriteAsync(new UploadBlobChunk { Data = ByteString.CopyFrom(data, offset, Math.Min(30_000, data.Length - offset)) });
        }

        await call.RequestStream.CompleteAsync();
        return await call;
    }

    /// <summary>Which of the digests the user's (or collab's) code store lacks.</summary>
    public static async Task<IReadOnlyList<string>> MissingAsync(Jobs.JobsClient client, string collab, params string[] hashes)
    {
        ArgumentNullException.ThrowIfNull(client);
        var request = new FindMissingBlobsRequest { Collab = collab };
        request.Sha256.AddRange(hashes);
        return (await client.FindMissingBlobsAsync(request)).Missing;
    }

    /// <summary>The bytes an owner area holds by the storage table (0 when it has no row).</summary>
    public static async Task<long> StoredBytesAsync(PlatformHost host, string owner)
    {
        ArgumentNullException.ThrowIfNull(host);
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT bytes FROM nmpi_code_storage WHERE owner = @owner", connection);
        query.Parameters.AddWithValue("owner", owner);
        return await query.ExecuteScalarAsync() is long bytes ? bytes : 0;
    }

    /// <summary>Makes indexed files look last used this long ago (as if the upload had been that long before).</summary>
    public static async Task AgeAsync(PlatformHost host, TimeSpan age, params string[] hashes)
    {
        ArgumentNullException.ThrowIfNull(host);
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand("UPDATE nmpi_code_blobs SET touched_at = now() - @age WHERE sha256 = ANY(@hashes)", connection);
        update.Parameters.AddWithValue("age", age);
        update.Parameters.AddWithValue("hashes", hashes);
        Assert.Equal(hashes.Length, await update.ExecuteNonQueryAsync());
    }
}
