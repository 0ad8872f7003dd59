using Nmpi.Gateway.Accounts;

namespace Nmpi.Gateway.Tests.Accounts;

public sealed class SessionLifetimeTests
{
    private static readonly DateTimeOffset SignIn = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);
    private static readonly TimeSpan Max = TimeSpan.FromDays(7);

    [Fact]
    public void FreshSignIn_GetsTheTokenLifetime() =>
        Assert.Equal(SignIn + Lifetime, SessionLifetime.ExpiresAt(SignIn, SignIn, Lifetime, Max));

    [Fact]
    public void RenewalNearTheEnd_IsCutAtTheMaximum() =>
        Assert.Equal(SignIn + Max, SessionLifetime.ExpiresAt(SignIn, SignIn + Max - TimeSpan.FromHours(1), Lifetime, Max));

    [Fact]
    public void RenewalAtOrAfterTheEnd_IsRefused()
    {
        Assert.Null(SessionLifetime.ExpiresAt(SignIn, SignIn + Max, Lifetime, Max));
        Assert.Null(SessionLifetime.ExpiresAt(SignIn, SignIn + Max + TimeSpan.FromDays(30), Lifetime, Max));
    }

    [Fact]
    public void SignInTimeInTheFuture_CountsAsNow() =>
        Assert.Equal(SignIn + Lifetime, SessionLifetime.ExpiresAt(SignIn + TimeSpan.FromDays(365), SignIn, Lifetime, Max));
}
