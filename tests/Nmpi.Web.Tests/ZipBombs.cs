using System.Buffers.Binary;
using System.IO.Compression;

namespace Nmpi.Web.Tests;

/// <summary>Zips made to exhaust a reader's memory by the number of entries they list (security review M-6).</summary>
internal static class ZipBombs
{
    /// <summary>A real zip of that many empty files (a few dozen bytes each, so many fit in a small upload).</summary>
    public static byte[] ManyEmptyFiles(int count)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < count; i++)
            {
                archive.CreateEntry(i.ToString("x", System.Globalization.CultureInfo.InvariantCulture), CompressionLevel.NoCompression);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A few bytes whose Zip64 end records claim this many entries in a central directory of 46 bytes each.</summary>
    public static byte[] ClaimingEntries(ulong entries)
    {
        var zip = new byte[56 + 20 + 22];
        var record = zip.AsSpan(0, 56);
        BinaryPrimitives.WriteUInt32LittleEndian(record, 0x06064b50);
        BinaryPrimitives.WriteUInt64LittleEndian(record[4..], 44);
        BinaryPrimitives.WriteUInt16LittleEndian(record[12..], 45);
        BinaryPrimitives.WriteUInt16LittleEndian(record[14..], 45);
        BinaryPrimitives.WriteUInt64LittleEndian(record[24..], entries);
        BinaryPrimitives.WriteUInt64LittleEndian(record[32..], entries);
        BinaryPrimitives.WriteUInt64LittleEndian(record[40..], entries * 46);
        var locator = zip.AsSpan(56, 20);
        BinaryPrimitives.WriteUInt32LittleEndian(locator, 0x07064b50);
        BinaryPrimitives.WriteUInt64LittleEndian(locator[8..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(locator[16..], 1);
        var end = zip.AsSpan(76, 22);
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], ushort.MaxValue);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], ushort.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], uint.MaxValue);
        return zip;
    }
}
