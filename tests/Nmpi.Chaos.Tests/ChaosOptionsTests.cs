using Nmpi.Chaos;

namespace Nmpi.Chaos.Tests;

/// <summary>The command line of nmpi-chaos: defaults, the short mode, and a specific error for each bad value.</summary>
public sealed class ChaosOptionsTests
{
    [Fact]
    public void Defaults_AreTheLongRunOfTheTargets()
    {
        var options = ChaosOptions.Parse([]);

        Assert.Equal(TimeSpan.FromMinutes(15), options.Duration);
        Assert.Equal((20, 60), (options.JobSecondsMin, options.JobSecondsMax));
        Assert.Equal((3, 2, 2), (options.Silos, options.Gateways, options.Adapters));
        Assert.Equal([30, 10, 5, 4], new[] { FaultKind.Silo, FaultKind.Adapter, FaultKind.Gateway, FaultKind.Postgres }.Select(k => options.Faults[k]));
    }

    [Fact]
    public void Smoke_IsShortWithShortJobsAndAFewFaultsOfEachKind_AndGivenValuesStillWin()
    {
        var options = ChaosOptions.Parse(["--smoke", "--silo-kills", "3"]);

        Assert.True(options.Duration <= TimeSpan.FromMinutes(2));
        Assert.Equal((1, 2), (options.JobSecondsMin, options.JobSecondsMax));
        Assert.Equal(3, options.Faults[FaultKind.Silo]);
        Assert.All(options.Faults.Values, count => Assert.InRange(count, 1, 3));
    }

    [Fact]
    public void Postgres_Given_IsNeverCrashed()
    {
        var options = ChaosOptions.Parse(["--postgres", "Host=127.0.0.1;Username=postgres"]);

        Assert.Equal(0, options.Faults[FaultKind.Postgres]);
    }

    [Theory]
    [InlineData("--duration", "5", "--duration must be a whole number from 10 to 86400, not '5'")]
    [InlineData("--rate", "fast", "--rate must be a number from 0.01 to 20, not 'fast'")]
    [InlineData("--job-seconds", "60-20", "--job-seconds: the first number must not be larger than the second ('60-20')")]
    [InlineData("--job-seconds", "20", "--job-seconds must be A-B in whole seconds (e.g. 20-60), not '20'")]
    [InlineData("--silos", "0", "--silos must be a whole number from 1 to 9, not '0'")]
    [InlineData("--lease", "1", "--lease must be a whole number from 5 to 600, not '1'")]
    public void BadValue_IsRefusedWithASpecificMessage(string name, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ChaosOptions.Parse([name, value]));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(new[] { "--postgres", "Host=x", "--postgres-crashes", "2" }, "--postgres-crashes needs a private PostgreSQL")]
    [InlineData(new[] { "--silos", "1" }, "--silo-kills needs --silos 2 or more")]
    [InlineData(new[] { "--gateways", "1" }, "--gateway-kills needs --gateways 2 or more")]
    [InlineData(new[] { "--silos" }, "--silos needs a value")]
    [InlineData(new[] { "--kill-everything" }, "unknown argument: --kill-everything")]
    public void ContradictoryOrIncompleteArguments_AreRefused(string[] args, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ChaosOptions.Parse(args));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
