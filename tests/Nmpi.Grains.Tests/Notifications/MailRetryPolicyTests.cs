using Nmpi.Grains.Notifications;

namespace Nmpi.Grains.Tests.Notifications;

public sealed class MailRetryPolicyTests
{
    private static readonly MailOptions Options = new() { RetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromMinutes(10), MaxAttempts = 5 };

    [Fact]
    public void Delay_DoublesAfterEachFailure_UpToTheCap()
    {
        Assert.Equal(
            [30, 60, 120, 240, 480, 600, 600],
            Enumerable.Range(1, 7).Select(n => MailRetryPolicy.Delay(n, Options).TotalSeconds).ToArray());
        Assert.Equal(TimeSpan.FromMinutes(10), MailRetryPolicy.Delay(int.MaxValue, Options));
    }

    [Fact]
    public void GiveUp_AfterTheLastAttempt_OrAtOnceForAPermanentFailure()
    {
        Assert.False(MailRetryPolicy.GiveUp(4, permanent: false, Options));
        Assert.True(MailRetryPolicy.GiveUp(5, permanent: false, Options));
        Assert.True(MailRetryPolicy.GiveUp(1, permanent: true, Options));
    }
}
