using Nmpi.Gateway.Auth;
using Nmpi.Gateway.Auth.Oidc;

namespace Nmpi.Gateway.Tests.Oidc;

public sealed class CollabTeamsTests
{
    [Theory]
    [InlineData("collab-neuro-viewer", "neuro", CollabRole.Viewer)]
    [InlineData("collab-neuro-editor", "neuro", CollabRole.Editor)]
    [InlineData("collab-neuro-administrator", "neuro", CollabRole.Administrator)]
    [InlineData("collab-my-long-collab-name-editor", "my-long-collab-name", CollabRole.Editor)]
    [InlineData("collab-a.b_c-viewer", "a.b_c", CollabRole.Viewer)]
    [InlineData("collab-viewer-editor", "viewer", CollabRole.Editor)]
    public void WellFormedTeam_GivesTheCollabAndRole(string team, string collab, CollabRole role) =>
        Assert.Equal(new Dictionary<string, CollabRole> { [collab] = role }, CollabTeams.Parse([team]));

    [Theory]
    [InlineData("collab-x-owner")]
    [InlineData("collab--editor")]
    [InlineData("collab-editor")]
    [InlineData("collab-x-Editor")]
    [InlineData("Collab-x-editor")]
    [InlineData("collab-x-editor ")]
    [InlineData(" collab-x-editor")]
    [InlineData("/collab-x-editor")]
    [InlineData("collab-a b-editor")]
    [InlineData("collab-x-editor\n")]
    [InlineData("team-x-editor")]
    [InlineData("")]
    public void MalformedTeam_IsIgnored(string team) => Assert.Empty(CollabTeams.Parse([team]));

    [Fact]
    public void CollabIdLongerThan100Characters_IsIgnored()
    {
        Assert.Single(CollabTeams.Parse([$"collab-{new string('a', 100)}-viewer"]));
        Assert.Empty(CollabTeams.Parse([$"collab-{new string('a', 101)}-viewer"]));
    }

    [Fact]
    public void SeveralRolesInOneCollab_TheHighestWins_InAnyOrder()
    {
        var expected = new Dictionary<string, CollabRole> { ["x"] = CollabRole.Administrator, ["y"] = CollabRole.Editor };

        Assert.Equal(expected, CollabTeams.Parse(["collab-x-viewer", "collab-x-administrator", "collab-x-editor", "collab-y-editor", "collab-y-viewer"]));
        Assert.Equal(expected, CollabTeams.Parse(["collab-y-viewer", "collab-x-administrator", "collab-y-editor", "collab-x-viewer"]));
    }

    [Fact]
    public void NoTeams_NoRoles() => Assert.Empty(CollabTeams.Parse([]));
}
