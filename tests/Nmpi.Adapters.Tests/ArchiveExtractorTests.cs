using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.Versioning;
using Nmpi.Adapters.Preparation;
using Nmpi.Adapters.Tests.Support;

namespace Nmpi.Adapters.Tests;

/// <summary>Unpacking code archives: good zips and tarballs land whole; anything that could escape or exhaust the site is refused by name.</summary>
// The adapter runs on Linux only (process groups, Unix file modes).
[UnsupportedOSPlatform("windows")]
public sealed class ArchiveExtractorTests : IDisposable
{
    private const long Megabyte = 1 << 20;

    private readonly string _root = Directory.CreateTempSubdirectory("nmpi-extract-").FullName;
    private readonly string _destination;

    public ArchiveExtractorTests()
    {
        _destination = Path.Combine(_root, "job");
        Directory.CreateDirectory(_destination);
    }

    [Fact]
    public async Task GoodZip_UnpacksItsFilesAndFoldersAndKeepsTheExecutableBit()
    {
        var zip = TestArchives.Zip(archive =>
        {
            TestArchives.AddText(archive, "run.py", "print('hi')\n");
            TestArchives.AddText(archive, "lib/model.py", "x = 1\n");
            TestArchives.AddText(archive, "data/", "");
            TestArchives.AddText(archive, "tool.sh", "#!/bin/sh\n").ExternalAttributes = unchecked((int)(0x81EDu << 16));
        });

        await ExtractAsync(zip);

        Assert.Equal("print('hi')\n", File.ReadAllText(Path.Combine(_destination, "run.py")));
        Assert.Equal("x = 1\n", File.ReadAllText(Path.Combine(_destination, "lib", "model.py")));
        Assert.True(Directory.Exists(Path.Combine(_destination, "data")));
        Assert.True(File.GetUnixFileMode(Path.Combine(_destination, "tool.sh")).HasFlag(UnixFileMode.UserExecute));
        Assert.False(File.GetUnixFileMode(Path.Combine(_destination, "run.py")).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public async Task GoodTarGz_UnpacksItsFilesAndFoldersAndKeepsTheExecutableBit()
    {
        var tarGz = TestArchives.TarGz(tar =>
        {
            TestArchives.AddText(tar, "./", "");
            TestArchives.AddText(tar, "./run.py", "print('hi')\n");
            TestArchives.AddText(tar, "./lib/", "");
            TestArchives.AddText(tar, "./lib/model.py", "x = 1\n");
            TestArchives.AddText(tar, "./tool.sh", "#!/bin/sh\n", (UnixFileMode)0b111_101_101);
            TestArchives.AddText(tar, "./" + new string('n', 150) + "/long.txt", "a path beyond ustar's 100 characters");
        });

        await ExtractAsync(tarGz);

        Assert.Equal("print('hi')\n", File.ReadAllText(Path.Combine(_destination, "run.py")));
        Assert.Equal("x = 1\n", File.ReadAllText(Path.Combine(_destination, "lib", "model.py")));
        Assert.True(File.Exists(Path.Combine(_destination, new string('n', 150), "long.txt")));
        Assert.True(File.GetUnixFileMode(Path.Combine(_destination, "tool.sh")).HasFlag(UnixFileMode.UserExecute));
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("sub/../../evil.txt")]
    [InlineData("..\\evil.txt")]
    public async Task ZipSlip_IsRefusedAndWritesNothingOutside(string name)
    {
        var zip = TestArchives.Zip(("run.py", "print(1)"), (name, "owned"));

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(zip));

        Assert.Equal($"the archive contains a path leading out of the job directory: {name}", error.Message);
        Assert.False(File.Exists(Path.Combine(_root, "evil.txt")));
    }

    [Fact]
    public async Task TarSlip_IsRefusedAndWritesNothingOutside()
    {
        var tarGz = TestArchives.TarGz(("run.py", "print(1)"), ("../evil.txt", "owned"));

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(tarGz));

        Assert.Equal("the archive contains a path leading out of the job directory: ../evil.txt", error.Message);
        Assert.False(File.Exists(Path.Combine(_root, "evil.txt")));
    }

    [Fact]
    public async Task AbsolutePaths_AreRefusedInZipsAndTarballs()
    {
        var target = Path.Combine(_root, "absolute.txt");
        var zip = TestArchives.Zip((target, "owned"));
        var tarGz = TestArchives.TarGz((target, "owned"));

        var fromZip = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(zip));
        var fromTar = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(tarGz));

        Assert.Equal($"the archive contains an absolute path: {target}", fromZip.Message);
        Assert.Equal($"the archive contains an absolute path: {target}", fromTar.Message);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task SymbolicLinks_AreRefusedInZipsAndTarballs()
    {
        var zip = TestArchives.Zip(archive =>
            TestArchives.AddText(archive, "passwd", "/etc/passwd").ExternalAttributes = unchecked((int)(0xA1FFu << 16)));
        var tarGz = TestArchives.TarGz(tar => tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "passwd") { LinkName = "/etc/passwd" }));

        var fromZip = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(zip));
        var fromTar = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(tarGz));

        Assert.Equal("the archive contains a symbolic link: passwd", fromZip.Message);
        Assert.Equal("the archive contains a symbolic link: passwd", fromTar.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_destination));
    }

    [Fact]
    public async Task HardLink_IsRefused()
    {
        var tarGz = TestArchives.TarGz(tar => tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "shadow") { LinkName = "/etc/shadow" }));

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(tarGz));

        Assert.Equal("the archive contains a hard link: shadow", error.Message);
    }

    [Theory]
    [InlineData(TarEntryType.CharacterDevice)]
    [InlineData(TarEntryType.BlockDevice)]
    [InlineData(TarEntryType.Fifo)]
    public async Task DevicesAndPipes_AreRefused(TarEntryType type)
    {
        var tarGz = TestArchives.TarGz(tar => tar.WriteEntry(new PaxTarEntry(type, "dev")));

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(tarGz));

        Assert.Equal("the archive contains a device or special file: dev", error.Message);
    }

    [Fact]
    public async Task ZipBombBySize_IsRefusedOnceTheWrittenBytesPassTheLimit()
    {
        var zeros = new byte[3 * Megabyte];
        var zip = TestArchives.Zip(archive =>
        {
            using var stream = archive.CreateEntry("zeros.bin").Open();
            stream.Write(zeros);
        });
        Assert.True(zip.Length < Megabyte / 10, "the archive itself must be small for this to be a bomb");

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(zip, maxBytes: Megabyte));

        Assert.Equal($"the archive unpacks to more than this site's limit of {Megabyte} bytes", error.Message);
        Assert.True(new FileInfo(Path.Combine(_destination, "zeros.bin")).Length <= Megabyte);
    }

    [Fact]
    public async Task TarBombBySize_CountsEveryFileTogether()
    {
        var tarGz = TestArchives.TarGz(tar =>
        {
            for (var i = 0; i < 3; i++)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"part{i}.bin") { DataStream = new MemoryStream(new byte[Megabyte / 2]) });
            }
        });

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(tarGz, maxBytes: Megabyte));

        Assert.Equal($"the archive unpacks to more than this site's limit of {Megabyte} bytes", error.Message);
    }

    [Fact]
    public async Task TarBombInItsHeaders_IsRefusedThoughItHoldsNoFileData()
    {
        var attributes = new Dictionary<string, string> { ["comment"] = new string('x', 4 * (int)Megabyte) };
        var tarGz = TestArchives.TarGz(tar => tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "empty/", attributes)));

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(tarGz, maxBytes: Megabyte, maxEntries: 2));

        Assert.StartsWith("the archive unpacks to more than this site's limit of ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ZipBombByEntryCount_IsRefusedBeforeAnythingIsWritten()
    {
        var zip = TestArchives.Zip(Enumerable.Range(0, 50).Select(i => ($"f{i}.txt", "")).ToArray());

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(zip, maxEntries: 10));

        Assert.Equal("the archive has more than this site's limit of 10 entries", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_destination));
    }

    [Fact]
    public async Task TarBombByEntryCount_IsRefused()
    {
        var tarGz = TestArchives.TarGz(Enumerable.Range(0, 50).Select(i => ($"f{i}.txt", "")).ToArray());

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(tarGz, maxEntries: 10));

        Assert.Equal("the archive has more than this site's limit of 10 entries", error.Message);
        Assert.Equal(10, Directory.EnumerateFiles(_destination).Count());
    }

    [Fact]
    public async Task TruncatedArchives_AreReportedAsDamaged()
    {
        var random = new Random(7);
        var noise = new byte[200_000];
        random.NextBytes(noise);
        var zip = TestArchives.Zip(archive =>
        {
            using var stream = archive.CreateEntry("noise.bin", CompressionLevel.NoCompression).Open();
            stream.Write(noise);
        });
        var tarGz = TestArchives.TarGz(tar => tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "noise.bin") { DataStream = new MemoryStream(noise) }));

        var fromZip = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(zip[..(zip.Length / 2)]));
        var fromTar = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(tarGz[..(tarGz.Length / 2)]));

        Assert.Equal("the archive is damaged or truncated", fromZip.Message);
        Assert.Equal("the archive is damaged or truncated", fromTar.Message);
    }

    [Fact]
    public async Task CorruptZipData_IsReportedAsDamaged()
    {
        var zip = TestArchives.Zip(("run.py", string.Concat(Enumerable.Repeat("print('some code')\n", 200))));
        for (var i = 40; i < 80; i++)
        {
            zip[i] ^= 0x5A;
        }

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(zip));

        Assert.Equal("the archive is damaged or truncated", error.Message);
    }

    [Fact]
    public async Task AFolderWhereAFileWas_IsRefused()
    {
        var tarGz = TestArchives.TarGz(("model", "a file"), ("model/", ""));

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(tarGz));

        Assert.Equal("the archive holds model/ both as a file and as a folder", error.Message);
    }

    [Fact]
    public async Task AFileThatIsNoArchive_IsRefusedByName()
    {
        var error = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync("<html>not found</html>"u8.ToArray()));

        Assert.Equal("the archive is neither a zip file nor a gzip-compressed tar file", error.Message);
    }

    [Fact]
    public async Task AnEntryBothFileAndFolder_IsRefused()
    {
        var zip = TestArchives.Zip(("model", "a file"), ("model/run.py", "print(1)"));

        var error = await Assert.ThrowsAsync<JobPreparationException>(() => ExtractAsync(zip));

        Assert.Equal("the archive holds a file where model/run.py needs a folder", error.Message);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task ExtractAsync(byte[] archive, long maxBytes = 64 * Megabyte, int maxEntries = 1000)
    {
        var file = Path.Combine(_root, "archive.bin");
        await File.WriteAllBytesAsync(file, archive);
        await new ArchiveExtractor(maxBytes, maxEntries).ExtractAsync(file, _destination, CancellationToken.None);
    }
}
