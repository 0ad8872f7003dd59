using Nmpi.Grains.Statistics;

namespace Nmpi.Grains.Tests.Statistics;

public sealed class StatisticsOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreAccepted()
    {
        Assert.True(new StatisticsOptionsValidator().Validate(null, new StatisticsOptions()).Succeeded);
    }

    [Theory]
    [InlineData(0, 2, 10, "MaxQuestions")]
    [InlineData(64, 0, 10, "MaxConcurrentScans")]
    [InlineData(64, 2, -1, "MaxWait")]
    public void LimitsThatWouldRefuseEveryQuestionOrFailAtRequestTime_AreRefusedNamingTheSetting(int maxQuestions, int maxConcurrentScans, int maxWaitSeconds, string setting)
    {
        var options = new StatisticsOptions
        {
            MaxQuestions = maxQuestions,
            MaxConcurrentScans = maxConcurrentScans,
            MaxWait = TimeSpan.FromSeconds(maxWaitSeconds),
        };

        var result = new StatisticsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Nmpi:Statistics:{setting}", result.FailureMessage, StringComparison.Ordinal);
    }
}
