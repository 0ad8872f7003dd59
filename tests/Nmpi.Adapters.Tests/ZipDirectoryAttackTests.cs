using System.Buffers.Binary;
using Nmpi.Adapters.Preparation;

namespace Nmpi.Adapters.Tests;

/// <summary>
/// Zips whose central directory is written by hand to hold far more entries than the site allows: refused from the
/// end-of-central-directory record and a constant-memory walk, before any entry is materialised. Alone in its
/// collection, so the allocation count sees only this test.
/// </summary>
[Collection(ZipDirectoryAttackTests.Alone)]
public sealed class ZipDirectoryAttackTests : IDisposable
{
    public const string Alone = "zip-directory-alone";
    private const int ManyEntries = 60_000;

    private readonly string _directory = Directory.CreateTempSubdirectory("nmpi-zipbomb-").FullName;

    [Fact]
    public async Task ZipWithTensOfThousandsOfDirectoryEntries_IsRefusedBeforeItsEntriesAreRead()
    {
        var zip = Path.Combine(_directory, "many.zip");
        await File.WriteAllBytesAsync(zip, HandWrittenZip(ManyEntries, declaredEntries: ManyEntries));
        var destination = Directory.CreateDirectory(Path.Combine(_directory, "out")).FullName;

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await Assert.ThrowsAsync<JobPreparationException>(() => new ArchiveExtractor(1 << 20, 10).ExtractAsync(zip, destination, CancellationToken.None));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal("the archive has more than this site's limit of 10 entries", error.Message);
        Assert.True(allocated < 4 << 20, $"refusing took {allocated} bytes of allocations; reading {ManyEntries} entries takes far more");
        Assert.Empty(Directory.EnumerateFileSystemEntries(destination));
    }

    [Fact]
    public async Task ZipWhoseEndRecordUnderstatesItsEntries_IsRefusedByTheWalk()
    {
        var zip = Path.Combine(_directory, "lying.zip");
        await File.WriteAllBytesAsync(zip, HandWrittenZip(ManyEntries, declaredEntries: 1));
        var destination = Directory.CreateDirectory(Path.Combine(_directory, "out")).FullName;

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => new ArchiveExtractor(1 << 20, 10).ExtractAsync(zip, destination, CancellationToken.None));

        Assert.Equal("the archive has more than this site's limit of 10 entries", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(destination));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // One empty stored file, then a central directory of that many headers all pointing at it, then the end record.
    private static byte[] HandWrittenZip(int entries, int declaredEntries)
    {
        using var zip = new MemoryStream();
        var local = new byte[30 + 1];
        BinaryPrimitives.WriteUInt32LittleEndian(local, 0x04034b50);
        BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(4), 20);
        BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(26), 1);
        local[30] = (byte)'a';
        zip.Write(local);
        var directoryAt = zip.Position;
        var header = new byte[46 + 1];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014b50);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 20);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 20);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), 1);
        header[46] = (byte)'a';
        for (var i = 0; i < entries; i++)
        {
            zip.Write(header);
        }

        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), (ushort)declaredEntries);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), (ushort)declaredEntries);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)(zip.Position - directoryAt));
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), (uint)directoryAt);
        zip.Write(end);
        return zip.ToArray();
    }
}
