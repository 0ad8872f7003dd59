using System.Buffers.Binary;

namespace Nmpi.Adapters.Preparation;

/// <summary>
/// Reads a zip's end-of-central-directory record (zip64 included) and walks its central directory header by header,
/// in constant memory, refusing the archive past the entry limit before any entry is materialised.
/// </summary>
internal static class ZipDirectoryCheck
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint EntrySignature = 0x02014b50;
    private const int EndRecordBytes = 22;
    private const int EntryHeaderBytes = 46;

    // The record sits at the end, after a comment of at most 65535 bytes.
    private const int MaxEndSearch = EndRecordBytes + ushort.MaxValue;

    /// <summary>Refuses the archive when its directory declares or holds more than <paramref name="maxEntries"/> entries, or does not fit the file.</summary>
    public static void Check(Stream file, int maxEntries)
    {
        ArgumentNullException.ThrowIfNull(file);
        var (entries, size, offset) = ReadEnd(file);
        if (entries > (ulong)maxEntries)
        {
            throw TooMany(maxEntries);
        }

        // A lying record cannot hide entries: the walk below goes on while headers follow, whatever size it declared.
        if (offset > (ulong)file.Length || size > (ulong)file.Length - offset)
        {
            throw new InvalidDataException("the zip central directory lies outside the file");
        }

        file.Position = (long)offset;
        var header = new byte[EntryHeaderBytes];
        var count = 0;
        while (file.Position + EntryHeaderBytes <= file.Length)
        {
            file.ReadExactly(header);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != EntrySignature)
            {
                break;
            }

            if (++count > maxEntries)
            {
                throw TooMany(maxEntries);
            }

            var variable = (long)BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28))
                + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(30))
                + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(32));
            file.Seek(variable, SeekOrigin.Current);
        }

        file.Position = 0;
    }

    private static JobPreparationException TooMany(int maxEntries) =>
        new($"the archive has more than this site's limit of {maxEntries} entries");

    // Entry count, directory size and directory offset; from the zip64 record when the classic one is saturated.
    private static (ulong Entries, ulong Size, ulong Offset) ReadEnd(Stream file)
    {
        var searched = (int)Math.Min(file.Length, MaxEndSearch);
        var tail = new byte[searched];
        file.Position = file.Length - searched;
        file.ReadExactly(tail);
        for (var at = searched - EndRecordBytes; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) != EndSignature)
            {
                continue;
            }

            var record = tail.AsSpan(at);
            ulong entries = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
            ulong size = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
            ulong offset = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
            var endAt = file.Length - searched + at;
            if ((entries == ushort.MaxValue || size == uint.MaxValue || offset == uint.MaxValue) && endAt >= 20)
            {
                return ReadZip64End(file, endAt) ?? (entries, size, offset);
            }

            return (entries, size, offset);
        }

        throw new InvalidDataException("the zip has no end of central directory record");
    }

    private static (ulong, ulong, ulong)? ReadZip64End(Stream file, long endAt)
    {
        var locator = new byte[20];
        file.Position = endAt - 20;
        file.ReadExactly(locator);
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature)
        {
            return null;
        }

        var recordAt = BinaryPrimitives.ReadUInt64LittleEndian(locator.AsSpan(8));
        if (recordAt > (ulong)file.Length - 56)
        {
            throw new InvalidDataException("the zip64 end of central directory record lies outside the file");
        }

        var record = new byte[56];
        file.Position = (long)recordAt;
        file.ReadExactly(record);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndSignature)
        {
            throw new InvalidDataException("the zip64 end of central directory record is damaged");
        }

        return (BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32)), BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(40)),
            BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48)));
    }
}
