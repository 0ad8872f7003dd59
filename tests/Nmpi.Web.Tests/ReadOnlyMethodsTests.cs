using Nmpi.Gateway.ServiceMode;

namespace Nmpi.Web.Tests;

/// <summary>Which calls read-only mode refuses, and the operator's message: pure rules, no server.</summary>
public sealed class ReadOnlyMethodsTests
{
    [Theory]
    [InlineData("/nmpi.v1.Jobs/SubmitJob")]
    [InlineData("/nmpi.v1.Jobs/CancelJob")]
    [InlineData("/nmpi.v1.Jobs/DeleteJob")]
    [InlineData("/nmpi.v1.Jobs/UpdateTags")]
    [InlineData("/nmpi.v1.Jobs/AddComment")]
    [InlineData("/nmpi.v1.Jobs/UploadBlob")]
    [InlineData("/nmpi.v1.Jobs/CreateCodeBundle")]
    [InlineData("/nmpi.v1.Quotas/CreateResourceRequest")]
    [InlineData("/nmpi.v1.Quotas/DecideResourceRequest")]
    [InlineData("/nmpi.v1.Accounts/SetPassword")]
    [InlineData("/nmpi.v1.Collabs/AddMember")]
    [InlineData("/nmpi.v1.ProviderKeys/CreateProviderKey")]
    public void Writes_AreRefused(string method) => Assert.True(ReadOnlyGuard.IsRefusedWhileReadOnly(method));

    [Theory]
    [InlineData("/nmpi.v1.Jobs/GetJob")]
    [InlineData("/nmpi.v1.Jobs/ListJobs")]
    [InlineData("/nmpi.v1.Jobs/WatchJob")]
    [InlineData("/nmpi.v1.Jobs/FollowJobLog")]
    [InlineData("/nmpi.v1.Jobs/DownloadOutput")]
    [InlineData("/nmpi.v1.Statistics/GetJobCount")]
    [InlineData("/nmpi.v1.Accounts/Login")]
    [InlineData("/nmpi.v1.Accounts/RenewToken")]
    [InlineData("/nmpi.v1.Accounts/Logout")]
    [InlineData("/nmpi.v1.Accounts/WhoAmI")]
    [InlineData("/nmpi.v1.Adapters/MarkRunning")]
    [InlineData("/nmpi.v1.Adapters/CompleteJob")]
    [InlineData("/nmpi.v1.Adapters/UploadOutput")]
    [InlineData("/nmpi.v1.Adapters/RegisterAdapter")]
    public void ReadsSignInAndSiteReports_PassThrough(string method) => Assert.False(ReadOnlyGuard.IsRefusedWhileReadOnly(method));

    [Fact]
    public void Message_IsOneBoundedLine_OrTheDefault()
    {
        Assert.Equal(ReadOnlyOptions.DefaultMessage, new ReadOnlyOptions { Message = "  " }.EffectiveMessage);
        Assert.Equal("Back at 14:00  UTC.", new ReadOnlyOptions { Message = "Back at 14:00\n UTC." }.EffectiveMessage);
        Assert.Equal(ReadOnlyOptions.MaxMessageLength, new ReadOnlyOptions { Message = new string('x', 2000) }.EffectiveMessage.Length);
    }
}
