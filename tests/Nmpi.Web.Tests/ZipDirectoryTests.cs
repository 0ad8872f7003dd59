using System.IO.Compression;
using Nmpi.JobManager.Endpoints;

namespace Nmpi.Web.Tests;

/// <summary>The end-of-central-directory reader the web upload checks a zip with before opening it.</summary>
public sealed class ZipDirectoryTests
{
    [Fact]
    public void Read_OfARealZip_GivesItsEntryCount()
    {
        using var zip = new MemoryStream(ZipBombs.ManyEmptyFiles(300));
        var listing = ZipDirectory.Read(zip);
        Assert.Equal(300UL, listing!.Entries);
        Assert.InRange(listing.DirectoryBytes, 300UL * 46, 300UL * 60);
    }

    [Fact]
    public void Read_OfAZipWithAComment_FindsTheRecordBeforeIt()
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            archive.CreateEntry("run.py");
            archive.Comment = new string('c', 5000);
        }

        Assert.Equal(1UL, ZipDirectory.Read(buffer)!.Entries);
    }

    [Fact]
    public void Read_OfZip64RecordsClaimingTwentyMillionEntries_GivesTheClaim()
    {
        using var zip = new MemoryStream(ZipBombs.ClaimingEntries(20_000_000));
        Assert.Equal(20_000_000UL, ZipDirectory.Read(zip)!.Entries);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a zip at all, just some text that is long enough")]
    public void Read_OfSomethingElse_IsNull(string text)
    {
        using var data = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        Assert.Null(ZipDirectory.Read(data));
    }
}
