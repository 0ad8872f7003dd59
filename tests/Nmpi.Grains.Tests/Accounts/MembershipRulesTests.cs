using Nmpi.GrainInterfaces.Accounts;
using Nmpi.Grains.Accounts;

namespace Nmpi.Grains.Tests.Accounts;

public sealed class MembershipRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SoleAdministrator_CannotBeDemotedOrRemoved()
    {
        var lab = Collab(null, ("alice", MemberRole.Administrator), ("bob", MemberRole.Editor));

        Assert.Equal(AccountRejection.LastAdministrator, MembershipRules.CheckSetMember(lab, "alice", MemberRole.Editor));
        Assert.Equal(AccountRejection.LastAdministrator, MembershipRules.CheckSetMember(lab, "alice", MemberRole.Viewer));
        Assert.Equal(AccountRejection.LastAdministrator, MembershipRules.CheckRemoveMember(lab, "alice"));
        Assert.Null(MembershipRules.CheckSetMember(lab, "alice", MemberRole.Administrator));
    }

    [Fact]
    public void OneOfTwoAdministrators_MayBeDemotedOrRemoved()
    {
        var lab = Collab(null, ("alice", MemberRole.Administrator), ("bob", MemberRole.Administrator));

        Assert.Null(MembershipRules.CheckSetMember(lab, "alice", MemberRole.Viewer));
        Assert.Null(MembershipRules.CheckRemoveMember(lab, "bob"));
    }

    [Theory]
    [InlineData(MemberRole.Viewer)]
    [InlineData(MemberRole.Editor)]
    [InlineData(MemberRole.Administrator)]
    public void OtherMembers_AreAddedChangedAndRemovedFreely(MemberRole role)
    {
        var lab = Collab(null, ("alice", MemberRole.Administrator), ("bob", MemberRole.Editor));

        Assert.Null(MembershipRules.CheckSetMember(lab, "carol", role));
        Assert.Null(MembershipRules.CheckSetMember(lab, "bob", role));
        Assert.Null(MembershipRules.CheckRemoveMember(lab, "bob"));
        Assert.Null(MembershipRules.CheckRemoveMember(lab, "not-a-member"));
    }

    [Theory]
    [InlineData(MemberRole.Viewer)]
    [InlineData(MemberRole.Editor)]
    [InlineData(MemberRole.Administrator)]
    public void PrivateCollab_TakesNoOtherMember(MemberRole role)
    {
        var own = Collab("alice", ("alice", MemberRole.Administrator));
        Assert.Equal(AccountRejection.PrivateCollab, MembershipRules.CheckSetMember(own, "bob", role));
    }

    [Fact]
    public void PrivateCollab_KeepsItsOwnerAsAdministrator()
    {
        var own = Collab("alice", ("alice", MemberRole.Administrator));

        Assert.Equal(AccountRejection.LastAdministrator, MembershipRules.CheckSetMember(own, "alice", MemberRole.Editor));
        Assert.Equal(AccountRejection.LastAdministrator, MembershipRules.CheckRemoveMember(own, "alice"));
        Assert.Null(MembershipRules.CheckSetMember(own, "alice", MemberRole.Administrator));
    }

    private static CollabInfo Collab(string? privateFor, params (string User, MemberRole Role)[] members) => new()
    {
        CollabId = privateFor is null ? "lab" : "private-" + privateFor,
        Title = "t",
        CreatedBy = "alice",
        CreatedAt = At,
        PrivateFor = privateFor,
        Members = [.. members.Select(m => new CollabMember(m.User, m.Role, "alice", At))],
    };
}
