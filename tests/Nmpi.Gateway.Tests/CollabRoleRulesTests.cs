using Nmpi.Gateway.Auth;

namespace Nmpi.Gateway.Tests;

/// <summary>Viewer reads, editor submits, administrator manages members; platform administrators do everything.</summary>
public sealed class CollabRoleRulesTests
{
    private static readonly UserPrincipal Member = new("alice", false, new Dictionary<string, CollabRole>
    {
        ["v"] = CollabRole.Viewer,
        ["e"] = CollabRole.Editor,
        ["a"] = CollabRole.Administrator,
    });

    [Theory]
    [InlineData("v", true, false, false)]
    [InlineData("e", true, true, false)]
    [InlineData("a", true, true, true)]
    [InlineData("none", false, false, false)]
    public void EachRole_IncludesTheOnesBelow(string collab, bool view, bool submit, bool manage)
    {
        Assert.Equal(view, Member.CanView(collab));
        Assert.Equal(submit, Member.CanSubmit(collab));
        Assert.Equal(manage, Member.CanManage(collab));
    }

    [Fact]
    public void PlatformAdmin_ManagesEveryCollab()
    {
        var admin = new UserPrincipal("root", true, new Dictionary<string, CollabRole>());
        Assert.True(admin.CanManage("anything"));
    }
}
