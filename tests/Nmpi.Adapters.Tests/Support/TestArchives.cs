using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Nmpi.Adapters.Tests.Support;

/// <summary>Builds zip and tar.gz archives in memory, well-formed or malicious, for the tests to serve or unpack.</summary>
public static class TestArchives
{
    /// <summary>A zip whose entries the callback writes.</summary>
    public static byte[] Zip(Action<ZipArchive> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            write(archive);
        }

        return buffer.ToArray();
    }

    /// <summary>A zip of text files (a name ending in / is a folder).</summary>
    public static byte[] Zip(params (string Name, string Text)[] files) => Zip(archive =>
    {
        foreach (var (name, text) in files)
        {
            AddText(archive, name, text);
        }
    });

    /// <summary>Adds a text file entry to a zip.</summary>
    public static ZipArchiveEntry AddText(ZipArchive archive, string name, string text)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var entry = archive.CreateEntry(name);
        if (!name.EndsWith('/'))
        {
            using var stream = entry.Open();
            stream.Write(Encoding.UTF8.GetBytes(text));
        }

        return entry;
    }

    /// <summary>A gzip-compressed tar whose entries the callback writes.</summary>
    public static byte[] TarGz(Action<TarWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            write(tar);
        }

        return buffer.ToArray();
    }

    /// <summary>A tar.gz of text files (a name ending in / is a folder).</summary>
    public static byte[] TarGz(params (string Name, string Text)[] files) => TarGz(tar =>
    {
        foreach (var (name, text) in files)
        {
            AddText(tar, name, text);
        }
    });

    /// <summary>Adds a text file (or, for a name ending in /, a folder) to a tar.</summary>
    public static void AddText(TarWriter tar, string name, string text, UnixFileMode? mode = null)
    {
        ArgumentNullException.ThrowIfNull(tar);
        var entry = name.EndsWith('/')
            ? new PaxTarEntry(TarEntryType.Directory, name)
            : new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
        if (mode is { } m)
        {
            entry.Mode = m;
        }

        tar.WriteEntry(entry);
    }
}
