using Nmpi.Gateway.Auth;
using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Gateway.Tests;

public sealed class TenancyTests
{
    private static readonly UserPrincipal Alice = new("alice", false, new Dictionary<string, CollabRole>
    {
        ["neuro-lab"] = CollabRole.Editor,
        ["shared"] = CollabRole.Viewer,
    });

    private static readonly UserPrincipal Admin = new("root", true, new Dictionary<string, CollabRole>());

    private static JobSnapshot Job(string collab, string owner) => new()
    {
        Id = 1,
        Status = JobStatus.Submitted,
        SubmittedAt = DateTimeOffset.UnixEpoch,
        Spec = new JobSpec
        {
            RequestId = "req-00001",
            CodeSource = CodeSource.Inline,
            Code = "print(1)",
            Command = "run.py {system}",
            Platform = "Spikey",
            Collab = collab,
            UserId = owner,
        },
    };

    [Fact]
    public void User_SeesOnlyCollabsWithARole()
    {
        Assert.True(Alice.CanView("neuro-lab"));
        Assert.True(Alice.CanView("shared"));
        Assert.False(Alice.CanView("other"));
        Assert.Equal(["neuro-lab", "shared"], Alice.VisibleCollabs);
    }

    [Fact]
    public void Viewer_MayNotSubmit_EditorMay()
    {
        Assert.True(Alice.CanSubmit("neuro-lab"));
        Assert.False(Alice.CanSubmit("shared"));
        Assert.False(Alice.CanSubmit("other"));
    }

    [Fact]
    public void Changes_AllowedToOwnerAndEditors_NotToOtherViewers()
    {
        Assert.True(Alice.CanChange(Job("neuro-lab", "carol")));
        Assert.True(Alice.CanChange(Job("shared", "alice")));
        Assert.False(Alice.CanChange(Job("shared", "carol")));
        Assert.False(Alice.CanChange(Job("other", "alice")));
    }

    [Fact]
    public void Admin_SeesAndChangesEverything()
    {
        Assert.Null(Admin.VisibleCollabs);
        Assert.True(Admin.CanView("anything"));
        Assert.True(Admin.CanSubmit("anything"));
        Assert.True(Admin.CanChange(Job("other", "carol")));
    }
}
