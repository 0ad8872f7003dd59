using System.Buffers.Binary;

namespace Nmpi.JobManager.Endpoints;

/// <summary>
/// What a zip's end-of-central-directory record (or its Zip64 form) claims: how many entries and how many bytes the
/// central directory holds. Read before a <c>ZipArchive</c> is opened, which builds an object per entry first.
/// </summary>
/// <param name="Entries">The number of entries the archive lists.</param>
/// <param name="DirectoryBytes">The size of the central directory in bytes.</param>
internal sealed record ZipDirectory(ulong Entries, ulong DirectoryBytes)
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const int EndBytes = 22;
    private const int LocatorBytes = 20;
    private const int Zip64EndBytes = 56;

    // The record ends the file, followed by a comment of at most 65,535 bytes.
    private const int MaxSearchBytes = EndBytes + ushort.MaxValue;

    /// <summary>Reads the claim from a seekable stream (its position is left anywhere), or null when it has no end record.</summary>
    public static ZipDirectory? Read(Stream zip)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var length = zip.Length;
        if (length < EndBytes)
        {
            return null;
        }

        var tailLength = (int)Math.Min(length, MaxSearchBytes);
        var tail = new byte[tailLength];
        zip.Position = length - tailLength;
        zip.ReadExactly(tail);

        // The last signature whose comment length fits the bytes after it is the record.
        for (var at = tailLength - EndBytes; at >= 0; at--)
        {
            var record = tail.AsSpan(at);
            if (BinaryPrimitives.ReadUInt32LittleEndian(record) != EndSignature || at + EndBytes + BinaryPrimitives.ReadUInt16LittleEndian(record[20..]) > tailLength)
            {
                continue;
            }

            ulong entries = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
            ulong directoryBytes = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
            var endOffset = length - tailLength + at;
            if (entries == ushort.MaxValue || directoryBytes == uint.MaxValue || BinaryPrimitives.ReadUInt32LittleEndian(record[16..]) == uint.MaxValue)
            {
                return ReadZip64(zip, endOffset) ?? new ZipDirectory(entries, directoryBytes);
            }

            return new ZipDirectory(entries, directoryBytes);
        }

        return null;
    }

    private static ZipDirectory? ReadZip64(Stream zip, long endOffset)
    {
        if (endOffset < LocatorBytes)
        {
            return null;
        }

        Span<byte> locator = stackalloc byte[LocatorBytes];
        zip.Position = endOffset - LocatorBytes;
        zip.ReadExactly(locator);
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature)
        {
            return null;
        }

        var recordOffset = BinaryPrimitives.ReadUInt64LittleEndian(locator[8..]);
        if (recordOffset > (ulong)(zip.Length - Zip64EndBytes))
        {
            return null;
        }

        Span<byte> record = stackalloc byte[Zip64EndBytes];
        zip.Position = (long)recordOffset;
        zip.ReadExactly(record);
        return BinaryPrimitives.ReadUInt32LittleEndian(record) == Zip64EndSignature
            ? new ZipDirectory(BinaryPrimitives.ReadUInt64LittleEndian(record[32..]), BinaryPrimitives.ReadUInt64LittleEndian(record[40..]))
            : null;
    }
}
