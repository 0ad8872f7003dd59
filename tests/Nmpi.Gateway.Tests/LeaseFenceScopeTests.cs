using Nmpi.Gateway.Adapters;
using Nmpi.Gateway.Auth;
using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Gateway.Tests;

public sealed class LeaseFenceScopeTests
{
    private static readonly AdapterPrincipal Heidelberg = new("heidelberg", new HashSet<string> { "BrainScaleS" }) { KeyId = "k1" };

    [Theory]
    // The reporting adapter's own stale lease: the fence's answer stands.
    [InlineData("heidelberg/wafer-1", "BrainScaleS", false, FencedJobOwner.Caller)]
    // Back in a queue the key serves: any of its keys may lease it, so the job is no secret.
    [InlineData(null, "BrainScaleS", true, FencedJobOwner.Caller)]
    // Ended (or never leased) with no holder: none of this key's business.
    [InlineData(null, "BrainScaleS", false, FencedJobOwner.Stranger)]
    // Another site's job, on a platform the key serves.
    [InlineData("manchester/wafer-1", "BrainScaleS", false, FencedJobOwner.Stranger)]
    // A platform the key does not serve, even when held by an adapter of its site, or queued.
    [InlineData("heidelberg/spin-1", "SpiNNaker", false, FencedJobOwner.Stranger)]
    [InlineData(null, "SpiNNaker", true, FencedJobOwner.Stranger)]
    // Another adapter of the same site and platform: its key binding decides.
    [InlineData("heidelberg/wafer-2", "BrainScaleS", false, FencedJobOwner.SiteAdapter)]
    // A site whose name merely starts like this one's is another site.
    [InlineData("heidelberg2/wafer-1", "BrainScaleS", false, FencedJobOwner.Stranger)]
    public void Classify_TellsTheKeysOwnJobFromAnyOther(string? holder, string platform, bool queued, FencedJobOwner expected) =>
        Assert.Equal(expected, LeaseFenceScope.Classify(new LeaseHolding(holder, platform, queued), "heidelberg/wafer-1", Heidelberg));
}
