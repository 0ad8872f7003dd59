using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Gateway.Accounts;

namespace Nmpi.Cluster.Tests.Accounts;

/// <summary>Password guessing against Accounts.Login (security review H-3), on a real platform over loopback gRPC.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SignInThrottleTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Login_BurstOfWrongPasswords_IsRefusedWithRetryInfo_EvenTheRightOne_WhileOtherUsersStillSignIn()
    {
        // A long back-off, so nothing here depends on how fast the machine is.
        var settings = TenantPlatform.Dora();
        settings["Nmpi:Accounts:LoginBackoff"] = "00:10:00";
        await using var host = await TenantPlatform.StartAsync(postgres, settings);
        await host.Accounts(PlatformHost.AdminToken).CreateUserAsync(new CreateUserRequest { UserId = "erin", Password = "erin-password-1" });

        var guesses = new List<StatusCode>();
        for (var i = 0; i < 8; i++)
        {
            var e = await Assert.ThrowsAsync<RpcException>(() =>
                host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = $"guess-{i:D4}" }).ResponseAsync);
            guesses.Add(e.StatusCode);
        }

        var right = await Assert.ThrowsAsync<RpcException>(() =>
            host.Accounts().LoginAsync(new LoginRequest { Username = "dora", Password = TenantPlatform.DoraPassword }).ResponseAsync);
        var erin = await host.Accounts().LoginAsync(new LoginRequest { Username = "erin", Password = "erin-password-1" });

        Assert.Equal(Enumerable.Repeat(StatusCode.Unauthenticated, 5).Concat(Enumerable.Repeat(StatusCode.ResourceExhausted, 3)), guesses);
        Assert.Equal(StatusCode.ResourceExhausted, right.StatusCode);
        var status = right.GetRpcStatus()!;
        Assert.Equal("SIGN_IN_THROTTLED", status.GetDetail<ErrorInfo>()!.Reason);
        Assert.InRange(status.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan(), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15));
        Assert.Equal("erin", erin.UserId);
    }

    [Fact]
    public async Task Login_UnknownAndKnownUsernames_CostTheSamePasswordHashing()
    {
        await using var host = await TenantPlatform.StartAsync(postgres, TenantPlatform.Dora());
        var hashing = host.Services.GetRequiredService<PasswordHashing>();

        // The first unknown username makes the process's decoy hash; later ones reuse it.
        await Refused(host, "nobody-at-all");
        var start = hashing.Computed;
        await Refused(host, "nobody");
        var afterUnknown = hashing.Computed;
        await Refused(host, "dora");
        var afterKnown = hashing.Computed;
        await Refused(host, "Not A Username");
        var afterMalformed = hashing.Computed;

        Assert.Equal(1, afterUnknown - start);
        Assert.Equal(1, afterKnown - afterUnknown);
        Assert.Equal(1, afterMalformed - afterKnown);
    }

    private static async Task Refused(PlatformHost host, string username)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => host.Accounts().LoginAsync(new LoginRequest { Username = username, Password = "wrong-password-1" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }
}
