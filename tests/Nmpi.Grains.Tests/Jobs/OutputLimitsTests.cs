using Nmpi.GrainInterfaces.Jobs;
using Nmpi.Grains.Jobs;

namespace Nmpi.Grains.Tests.Jobs;

public sealed class OutputLimitsTests
{
    private static readonly OutputFile[] Two = [new("a.dat", 400, "application/octet-stream", new string('a', 64)), new("b.dat", 500, "application/octet-stream", new string('b', 64))];

    [Theory]
    [InlineData("c.dat", 100, 3, 1000, null)]
    [InlineData("c.dat", 101, 3, 1000, "the job's outputs would add up to 1001 bytes, more than the 1000 one job may store; c.dat was not stored")]
    [InlineData("c.dat", 0, 2, 1000, "the job already has 2 output files, the most one job may have; c.dat was not stored")]
    [InlineData("a.dat", 500, 2, 1000, null)] // Replacing a file: the count stays, its old size no longer counts.
    [InlineData("a.dat", 501, 2, 1000, "the job's outputs would add up to 1001 bytes, more than the 1000 one job may store; a.dat was not stored")]
    public void Refusal_SaysWhichCapAFilePasses(string path, long size, int maxFiles, long maxBytes, string? expected) =>
        Assert.Equal(expected, OutputLimits.Refusal(Two, path, size, maxFiles, maxBytes));

    [Fact]
    public void Refusal_OfTheFirstOutput_IsNoneUnderTheCaps() =>
        Assert.Null(OutputLimits.Refusal([], "a.dat", 1000, 1, 1000));

    [Theory]
    [InlineData("c.dat", 100)]
    [InlineData("a.dat", 500)]
    [InlineData("b.dat", 600)]
    public void BytesLeft_CountsEveryOtherPath(string path, long expected) =>
        Assert.Equal(expected, OutputLimits.BytesLeft(Two, path, 1000));
}
