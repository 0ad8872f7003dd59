using System.Formats.Tar;
using System.IO.Compression;

namespace Nmpi.Adapters.Preparation;

/// <summary>Unpacks a zip or gzip-compressed tar archive into a directory, refusing anything that could escape it or exhaust the disk.</summary>
public sealed class ArchiveExtractor(long maxExtractedBytes, int maxEntries)
{
    private const int BufferBytes = 81920;
    private const int UnixTypeMask = 0xF000;
    private const int UnixDirectory = 0x4000;
    private const int UnixRegularFile = 0x8000;
    private const int UnixSymbolicLink = 0xA000;
    private const int AnyExecuteBit = 0x49;

    // Headers, padding and PAX or GNU long-name records are not file data, yet a compressed archive can inflate them at will
    // (and the tar reader holds a PAX record in memory). A real entry needs 1 to 3 KiB of them, long paths included.
    private const long TarOverheadPerEntry = 8 * 1024;

    private const UnixFileMode Executable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Unpacks the archive file (its format told by its first bytes) into the destination directory.</summary>
    public async Task ExtractAsync(string archivePath, string destination, CancellationToken cancellationToken)
    {
        var budget = new ExtractionBudget(maxExtractedBytes, maxEntries);
        await using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, useAsync: true);
        var magic = new byte[4];
        var length = await file.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken);
        file.Position = 0;
        try
        {
            if (length >= 2 && magic[0] == 'P' && magic[1] == 'K')
            {
                await ExtractZipAsync(file, destination, budget, cancellationToken);
            }
            else if (length >= 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            {
                await ExtractTarGzAsync(file, destination, budget, cancellationToken);
            }
            else
            {
                throw new JobPreparationException("the archive is neither a zip file nor a gzip-compressed tar file");
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new JobPreparationException("the archive is damaged or truncated", e);
        }
    }

    private async Task ExtractZipAsync(Stream file, string destination, ExtractionBudget budget, CancellationToken cancellationToken)
    {
        // Before ZipArchive reads the whole central directory into memory: 1 GiB of it can hold some 20 million entries.
        ZipDirectoryCheck.Check(file, maxEntries);
        await using var archive = await ZipArchive.CreateAsync(file, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        budget.CountEntries(archive.Entries.Count);
        foreach (var entry in archive.Entries)
        {
            // Zip tools on Unix keep the file type and permission bits in the high half of the external attributes.
            var unixMode = (entry.ExternalAttributes >> 16) & 0xFFFF;
            var type = unixMode & UnixTypeMask;
            switch (type)
            {
                case UnixSymbolicLink:
                    throw new JobPreparationException($"the archive contains a symbolic link: {entry.FullName}");
                case not (0 or UnixDirectory or UnixRegularFile):
                    throw new JobPreparationException($"the archive contains a device or special file: {entry.FullName}");
            }

            var path = ArchiveEntryPath.Resolve(destination, entry.FullName);
            if (type == UnixDirectory || entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
            {
                CreateFolder(path, BothFileAndFolder(entry.FullName));
                continue;
            }

            await using var data = await entry.OpenAsync(cancellationToken);
            await WriteFileAsync(path, entry.FullName, data, (unixMode & AnyExecuteBit) != 0, budget, cancellationToken);
        }
    }

    private async Task ExtractTarGzAsync(Stream file, string destination, ExtractionBudget budget, CancellationToken cancellationToken)
    {
        var gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
        await using var tar = new CappedReadStream(gzip, maxExtractedBytes + ((maxEntries + 2L) * TarOverheadPerEntry));
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
            {
                continue;
            }

            budget.CountEntries(1);
            switch (entry.EntryType)
            {
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    var path = ArchiveEntryPath.Resolve(destination, entry.Name);
                    var executable = (entry.Mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
                    await WriteFileAsync(path, entry.Name, entry.DataStream ?? Stream.Null, executable, budget, cancellationToken);
                    break;
                case TarEntryType.Directory:
                    CreateFolder(ArchiveEntryPath.Resolve(destination, entry.Name), BothFileAndFolder(entry.Name));
                    break;
                case TarEntryType.SymbolicLink:
                    throw new JobPreparationException($"the archive contains a symbolic link: {entry.Name}");
                case TarEntryType.HardLink:
                    throw new JobPreparationException($"the archive contains a hard link: {entry.Name}");
                case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                    throw new JobPreparationException($"the archive contains a device or special file: {entry.Name}");
                default:
                    throw new JobPreparationException($"the archive contains an entry of a type this site does not unpack ({entry.EntryType}): {entry.Name}");
            }
        }
    }

    private static async Task WriteFileAsync(string path, string name, Stream data, bool executable, ExtractionBudget budget, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new JobPreparationException(BothFileAndFolder(name));
        }

        CreateFolder(Path.GetDirectoryName(path)!, $"the archive holds a file where {name} needs a folder");

        // The directory started empty and nothing unpacked is a link, so an existing file here is an earlier entry of the same name.
        await using (var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes, useAsync: true))
        {
            await budget.CopyAsync(data, output, cancellationToken);
        }

        if (executable && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, Executable);
        }
    }

    // Creating a folder fails where a file of that name (or of a parent's name) was unpacked before.
    private static void CreateFolder(string path, string clash)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (IOException e)
        {
            throw new JobPreparationException(clash, e);
        }
    }

    private static string BothFileAndFolder(string name) => $"the archive holds {name} both as a file and as a folder";
}
