using Nmpi.GrainInterfaces.Jobs;
using Nmpi.Grains.Notifications;

namespace Nmpi.Grains.Tests.Notifications;

public sealed class MailTextTests
{
    [Theory]
    [InlineData(0.4, "less than a second")]
    [InlineData(7, "7 s")]
    [InlineData(83, "1 min 23 s")]
    [InlineData(3723, "1 h 02 min 03 s")]
    [InlineData(90000, "25 h 00 min 00 s")]
    public void Duration_ReadsInHoursMinutesAndSeconds(double seconds, string expected) =>
        Assert.Equal(expected, MailText.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1.0 KiB")]
    [InlineData(3 * 1024 * 1024 + 512 * 1024, "3.5 MiB")]
    [InlineData(5L * 1024 * 1024 * 1024, "5.0 GiB")]
    public void Size_PicksAUnit(long bytes, string expected) => Assert.Equal(expected, MailText.Size(bytes));

    [Fact]
    public void AmountTimeAndReason_ReadPlainly()
    {
        Assert.Equal("0.25", MailText.Amount(0.25));
        Assert.Equal("5000", MailText.Amount(5000));
        Assert.Equal("2026-11-25 12:00:05 UTC", MailText.Time(DateTimeOffset.Parse("2026-11-25T13:00:05+01:00", System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var reason in Enum.GetValues<FailureReason>().Where(r => r != FailureReason.None))
        {
            Assert.NotEqual("unknown", MailText.Reason(reason));
        }
    }

    [Fact]
    public void OneLine_FlattensControlCharacters_AndCutsLongText()
    {
        Assert.Equal("a  b", MailText.OneLine("a\r\nb\n"));
        Assert.Equal(151, MailText.OneLine(new string('t', 400)).Length);
    }
}
