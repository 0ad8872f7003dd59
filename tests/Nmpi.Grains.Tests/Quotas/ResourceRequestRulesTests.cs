using Nmpi.GrainInterfaces.Quotas;
using Nmpi.Grains.Quotas;

namespace Nmpi.Grains.Tests.Quotas;

public sealed class ResourceRequestRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly ResourceRequest Draft = new()
    {
        Id = 7,
        Collab = "neuro",
        Title = "Plasticity study",
        Abstract = "Why we need it.",
        Status = ResourceRequestStatus.InPreparation,
        Requested = new Dictionary<string, decimal> { ["SpiNNaker"] = 100m, ["BrainScaleS"] = 2m },
        RequestedBy = "alice",
        CreatedAt = Now.AddDays(-1),
        Version = 1,
    };

    public static TheoryData<ResourceRequestStatus> AllStatuses() => new(Enum.GetValues<ResourceRequestStatus>());

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void Edit_OnlyInPreparation(ResourceRequestStatus status)
    {
        var request = Draft with { Status = status };
        var draft = new ResourceRequestDraft("neuro", " New title ", "More", new Dictionary<string, decimal> { ["Spikey"] = 3m });
        if (status == ResourceRequestStatus.InPreparation)
        {
            var edited = ResourceRequestRules.Edit(request, draft);
            Assert.Equal(("New title", "More", 3m), (edited.Title, edited.Abstract, edited.Requested["Spikey"]));
            Assert.Equal(status, edited.Status);
        }
        else
        {
            var refused = Assert.Throws<QuotaRejectedException>(() => ResourceRequestRules.Edit(request, draft));
            Assert.Equal(QuotaRejection.InvalidTransition, refused.Rejection);
        }
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void Delete_OnlyInPreparation(ResourceRequestStatus status)
    {
        var request = Draft with { Status = status };
        if (status == ResourceRequestStatus.InPreparation)
        {
            Assert.Same(request, ResourceRequestRules.Delete(request));
        }
        else
        {
            var refused = Assert.Throws<QuotaRejectedException>(() => ResourceRequestRules.Delete(request));
            Assert.Equal(QuotaRejection.InvalidTransition, refused.Rejection);
        }
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void Submit_OnlyFromPreparation_ToReview(ResourceRequestStatus status)
    {
        var request = Draft with { Status = status };
        if (status == ResourceRequestStatus.InPreparation)
        {
            var submitted = ResourceRequestRules.Submit(request, Now);
            Assert.Equal(ResourceRequestStatus.UnderReview, submitted.Status);
            Assert.Equal(Now, submitted.SubmittedAt);
        }
        else
        {
            Assert.Equal(QuotaRejection.InvalidTransition,
                Assert.Throws<QuotaRejectedException>(() => ResourceRequestRules.Submit(request, Now)).Rejection);
        }
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void Decide_OnlyUnderReview(ResourceRequestStatus status)
    {
        var request = Draft with { Status = status };
        foreach (var accept in new[] { true, false })
        {
            var decision = new ResourceRequestDecision(accept, "admin", "ok", null, null);
            if (status == ResourceRequestStatus.UnderReview)
            {
                var decided = ResourceRequestRules.Decide(request, decision, Now);
                Assert.Equal(accept ? ResourceRequestStatus.Accepted : ResourceRequestStatus.Rejected, decided.Status);
                Assert.Equal(("admin", "ok", Now), (decided.DecidedBy, decided.DecisionNote, decided.DecidedAt!.Value));
            }
            else
            {
                Assert.Equal(QuotaRejection.InvalidTransition,
                    Assert.Throws<QuotaRejectedException>(() => ResourceRequestRules.Decide(request, decision, Now)).Rejection);
            }
        }
    }

    [Fact]
    public void Decide_ByTheRequester_IsRefused()
    {
        var request = Draft with { Status = ResourceRequestStatus.UnderReview };
        var refused = Assert.Throws<QuotaRejectedException>(
            () => ResourceRequestRules.Decide(request, new ResourceRequestDecision(true, "alice", null, null, null), Now));
        Assert.Equal(QuotaRejection.PermissionDenied, refused.Rejection);
    }

    [Fact]
    public void Accept_WithoutAmounts_GrantsWhatWasRequested()
    {
        var request = Draft with { Status = ResourceRequestStatus.UnderReview };
        var accepted = ResourceRequestRules.Decide(request, new ResourceRequestDecision(true, "admin", null, null, Now.AddDays(30)), Now);
        Assert.Equal(request.Requested, accepted.Granted);
        Assert.Equal(Now.AddDays(30), accepted.ExpiresAt);
    }

    [Fact]
    public void Accept_WithAmounts_GrantsThose()
    {
        var request = Draft with { Status = ResourceRequestStatus.UnderReview };
        var granted = new Dictionary<string, decimal> { ["SpiNNaker"] = 50m };
        var accepted = ResourceRequestRules.Decide(request, new ResourceRequestDecision(true, "admin", null, granted, null), Now);
        Assert.Equal(granted, accepted.Granted);
        Assert.Null(accepted.ExpiresAt);
    }

    [Fact]
    public void Accept_WithAnExpiryInThePast_IsRefused()
    {
        var request = Draft with { Status = ResourceRequestStatus.UnderReview };
        var refused = Assert.Throws<QuotaRejectedException>(
            () => ResourceRequestRules.Decide(request, new ResourceRequestDecision(true, "admin", null, null, Now), Now));
        Assert.Equal(("expires_at", QuotaRejection.InvalidArgument), (refused.Field, refused.Rejection));
    }

    [Fact]
    public void Reject_GrantsNothing()
    {
        var request = Draft with { Status = ResourceRequestStatus.UnderReview };
        var rejected = ResourceRequestRules.Decide(request, new ResourceRequestDecision(false, "admin", "no", null, null), Now);
        Assert.Null(rejected.Granted);
    }

    [Theory]
    [InlineData("", "abstract", 1, "title")]
    [InlineData("   ", "abstract", 1, "title")]
    [InlineData("ok", "abstract", 0, "requested[SpiNNaker]")]
    [InlineData("ok", "abstract", -1, "requested[SpiNNaker]")]
    [InlineData("ok", "abstract", 2_000_000_000, "requested[SpiNNaker]")]
    public void Check_FindsTheFieldAtFault(string title, string summary, double amount, string field)
    {
        var problems = ResourceRequestRules.Check(new ResourceRequestDraft(
            "neuro", title, summary, new Dictionary<string, decimal> { ["SpiNNaker"] = (decimal)amount }));
        Assert.Equal(field, Assert.Single(problems).Field);
    }

    [Fact]
    public void Check_LongTitleAndAbstract_AreRefused()
    {
        var problems = ResourceRequestRules.Check(new ResourceRequestDraft(
            "neuro", new string('t', 201), new string('a', 10_001), new Dictionary<string, decimal> { ["SpiNNaker"] = 1 }));
        Assert.Equal(["title", "abstract"], problems.Select(p => p.Field));
        Assert.Empty(ResourceRequestRules.Check(new ResourceRequestDraft(
            "neuro", new string('t', 200), new string('a', 10_000), new Dictionary<string, decimal> { ["SpiNNaker"] = 1 })));
    }

    [Fact]
    public void CheckAmounts_AllowsZero_OnlyWhenAsked()
    {
        var zero = new Dictionary<string, decimal> { ["Spikey"] = 0 };
        Assert.Empty(ResourceRequestRules.CheckAmounts("granted", zero, allowZero: true));
        Assert.Single(ResourceRequestRules.CheckAmounts("requested", zero, allowZero: false));
        var many = Enumerable.Range(0, 17).ToDictionary(i => $"P{i}", _ => 1m);
        Assert.Contains(ResourceRequestRules.CheckAmounts("requested", many, allowZero: false), p => p.Field == "requested");
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void StatusNames_RoundTrip(ResourceRequestStatus status)
    {
        Assert.Equal(status, ResourceRequestRules.Parse(ResourceRequestRules.Name(status)));
    }
}
