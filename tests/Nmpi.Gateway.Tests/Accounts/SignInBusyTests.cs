using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Api.V1;
using Nmpi.Gateway.Accounts;
using AccountsClient = Nmpi.Api.V1.Accounts.AccountsClient;

namespace Nmpi.Gateway.Tests.Accounts;

/// <summary>
/// The bounded password-hashing queue (security review H-3) over real loopback gRPC: when every hashing thread is
/// busy and the queue is full, a further Login is refused at once instead of waiting on the thread pool.
/// </summary>
public sealed class SignInBusyTests
{
    [Fact]
    public async Task Login_WhileTheHashingThreadsAreBusyAndTheQueueIsFull_IsRefusedWithSignInBusyAndRetryInfo_AndTheOthersFinish()
    {
        using var gate = new HeldGate();
        var gateway = new GatewayFixture(
            reflection: false,
            new Dictionary<string, string?>
            {
                ["Nmpi:Accounts:PasswordHashThreads"] = "1",
                ["Nmpi:Accounts:PasswordHashQueue"] = "1",
                ["Nmpi:Accounts:PasswordIterations"] = "1000",
            },
            services => services.AddSingleton<IPasswordHashGate>(gate));
        await gateway.InitializeAsync();
        try
        {
            var accounts = new AccountsClient(gateway.Channel);
            var hashing = gateway.Services.GetRequiredService<PasswordHashing>();

            // Usernames that are no user id are checked against the decoy: hashing work without a cluster.
            var held = accounts.LoginAsync(new LoginRequest { Username = "Guest One", Password = "first guess" }).ResponseAsync;
            gate.WaitUntilHeld();
            var queued = accounts.LoginAsync(new LoginRequest { Username = "Guest Two", Password = "second guess" }).ResponseAsync;
            await WaitUntilAsync(() => hashing.Waiting == 1);

            var busy = await Assert.ThrowsAsync<RpcException>(() => accounts.LoginAsync(new LoginRequest { Username = "Guest Three", Password = "third guess" }).ResponseAsync);
            Assert.Equal(StatusCode.ResourceExhausted, busy.StatusCode);
            var status = busy.GetRpcStatus()!;
            Assert.Equal("SIGN_IN_BUSY", status.GetDetail<ErrorInfo>()!.Reason);
            Assert.True(status.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan() >= TimeSpan.FromSeconds(1));
            Assert.Equal(0, hashing.Computed);

            // Released, the held and the queued checks finish with the usual answer, and new ones go through again.
            gate.Release();
            foreach (var call in new[] { held, queued })
            {
                Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => call)).StatusCode);
            }

            var later = await Assert.ThrowsAsync<RpcException>(() => accounts.LoginAsync(new LoginRequest { Username = "Guest Three", Password = "third guess" }).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, later.StatusCode);
        }
        finally
        {
            gate.Release();
            await gateway.DisposeAsync();
        }
    }

    // Polls a condition the test cannot be told about (the queue's count); no assertion depends on how long it takes.
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var tries = 0; !condition(); tries++)
        {
            Assert.True(tries < 3000, "the condition held within a minute");
            await Task.Delay(20);
        }
    }

    /// <summary>Holds every hashing thread that reaches it until released; tells when one is held.</summary>
    private sealed class HeldGate : IPasswordHashGate, IDisposable
    {
        private readonly ManualResetEventSlim _open = new(false);
        private readonly SemaphoreSlim _held = new(0);

        public void Pass()
        {
            _held.Release();
            _open.Wait();
        }

        public void WaitUntilHeld() => Assert.True(_held.Wait(TimeSpan.FromMinutes(1)), "a hashing thread reached the gate");

        public void Release() => _open.Set();

        public void Dispose()
        {
            _open.Dispose();
            _held.Dispose();
        }
    }
}
