namespace Nmpi.Adapters.Tests;

/// <summary>The preparation settings an adapter refuses to start with.</summary>
public sealed class PreparationOptionsTests
{
    [Fact]
    public void Defaults_AreValidAndLeaveFileUrlsAndTheSitesOwnNetworkOff()
    {
        var options = Valid();

        Assert.True(new AdapterOptionsValidator().Validate(null, options).Succeeded);
        Assert.False(options.AllowFileUrls);
        Assert.False(options.AllowInternalUrls);
    }

    [Theory]
    [InlineData(nameof(AdapterOptions.GitCloneTimeout), "GitCloneTimeout and DownloadTimeout must be positive")]
    [InlineData(nameof(AdapterOptions.DownloadTimeout), "GitCloneTimeout and DownloadTimeout must be positive")]
    [InlineData(nameof(AdapterOptions.MaxDownloadBytes), "MaxDownloadBytes, MaxExtractedBytes, MaxArchiveEntries and MaxGitCloneBytes must be at least 1")]
    [InlineData(nameof(AdapterOptions.MaxExtractedBytes), "MaxDownloadBytes, MaxExtractedBytes, MaxArchiveEntries and MaxGitCloneBytes must be at least 1")]
    [InlineData(nameof(AdapterOptions.MaxArchiveEntries), "MaxDownloadBytes, MaxExtractedBytes, MaxArchiveEntries and MaxGitCloneBytes must be at least 1")]
    [InlineData(nameof(AdapterOptions.MaxGitCloneBytes), "MaxDownloadBytes, MaxExtractedBytes, MaxArchiveEntries and MaxGitCloneBytes must be at least 1")]
    public void ALimitOfZero_IsRefusedByName(string setting, string message)
    {
        var options = Valid();
        var property = typeof(AdapterOptions).GetProperty(setting)!;
        property.SetValue(options, property.PropertyType == typeof(TimeSpan) ? TimeSpan.Zero : Convert.ChangeType(0, property.PropertyType, null));

        var result = new AdapterOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    public void ANonPositiveLeaseSafetyMargin_IsRefused(string margin)
    {
        var options = Valid();
        options.LeaseSafetyMargin = TimeSpan.Parse(margin, System.Globalization.CultureInfo.InvariantCulture);

        var result = new AdapterOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Nmpi:Adapter:LeaseSafetyMargin must be positive (or unset, to derive it from the gateway's lease).", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void LeaseSafetyMargin_UnsetOrPositive_IsAccepted()
    {
        var options = Valid();
        Assert.Null(options.LeaseSafetyMargin);
        Assert.True(new AdapterOptionsValidator().Validate(null, options).Succeeded);

        options.LeaseSafetyMargin = TimeSpan.FromSeconds(5);
        Assert.True(new AdapterOptionsValidator().Validate(null, options).Succeeded);
    }

    private static AdapterOptions Valid() => new()
    {
        GatewayUrl = "http://127.0.0.1:5000",
        ApiKey = "key",
        Name = "site-1",
        Platform = "SpiNNaker",
        WorkDirectory = "/tmp/nmpi-jobs",
        Python = "/usr/bin/python3",
    };
}
