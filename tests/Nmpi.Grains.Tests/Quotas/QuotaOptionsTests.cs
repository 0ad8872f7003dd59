using Microsoft.Extensions.Configuration;
using Nmpi.Grains.Quotas;

namespace Nmpi.Grains.Tests.Quotas;

public sealed class QuotaOptionsTests
{
    [Fact]
    public void Defaults_ReserveALittle_AndGrantNoTestQuota()
    {
        var options = new QuotaOptions();
        Assert.Equal(0.1m, options.ReservationFor("SpiNNaker"));
        Assert.Equal(0, options.TestQuotaFor("SpiNNaker"));
        Assert.Empty(options.Grants);
    }

    [Fact]
    public void Binding_ReadsPerPlatformReservations_TestQuotas_AndGrants()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Nmpi:Quotas:Reservation:SpiNNaker"] = "0.5",
            ["Nmpi:Quotas:Reservation:BrainScaleS-ESS"] = "2",
            ["Nmpi:Quotas:DefaultReservation"] = "0.25",
            ["Nmpi:Quotas:TestQuota:Spikey"] = "1.5",
            ["Nmpi:Quotas:TestQuota:BrainScaleS"] = "0",
            ["Nmpi:Quotas:Grants:0:Collab"] = "neuro",
            ["Nmpi:Quotas:Grants:0:Platform"] = "SpiNNaker",
            ["Nmpi:Quotas:Grants:0:Limit"] = "1000",
            ["Nmpi:Quotas:Grants:0:ExpiresAt"] = "2030-01-01T00:00:00Z",
        }).Build();
        var options = configuration.GetSection(QuotaOptions.SectionName).Get<QuotaOptions>()!;

        Assert.Equal(0.5m, options.ReservationFor("SpiNNaker"));
        Assert.Equal(2m, options.ReservationFor("BrainScaleS-ESS"));
        Assert.Equal(0.25m, options.ReservationFor("BrainScaleS"));
        Assert.Equal(1.5m, options.TestQuotaFor("Spikey"));
        Assert.Equal(0, options.TestQuotaFor("BrainScaleS"));
        Assert.Equal(0, options.TestQuotaFor("SpiNNaker"));
        var grant = Assert.Single(options.Grants);
        Assert.Equal(("neuro", "SpiNNaker", 1000m), (grant.Collab, grant.Platform, grant.Limit));
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), grant.ExpiresAt);
    }
}
