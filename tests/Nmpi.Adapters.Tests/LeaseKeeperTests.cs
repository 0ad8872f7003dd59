using System.Collections.Concurrent;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Nmpi.Api.V1;
using AdaptersClient = Nmpi.Api.V1.Adapters.AdaptersClient;

namespace Nmpi.Adapters.Tests;

/// <summary>
/// The adapter's fence on a fake monotonic clock; the gateway is a closed loopback port, so every renewal fails for real
/// (the cluster test AdapterFencingTests covers renewals that succeed and the kill of a real job).
/// </summary>
public sealed class LeaseKeeperTests : IDisposable
{
    private static readonly LeaseFence Fence = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), null);
    private readonly FakeTimeProvider _time = new();
    private readonly ConcurrentDictionary<long, LeaseHandle> _held = new();
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{ClosedPort()}");
    private readonly LeaseKeeper _keeper;

    public LeaseKeeperTests() =>
        _keeper = new LeaseKeeper(new AdaptersClient(_channel), "site/a", _held, Fence, _time, NullLogger.Instance);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public void ALeaseNotRenewedForKillAfter_HasItsJobStoppedAsLost_NotBefore()
    {
        var handle = Hold(1);

        _time.Advance(Fence.KillAfter - TimeSpan.FromMilliseconds(1));
        _keeper.CheckFence();
        Assert.Equal(StopReason.None, handle.Reason);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        _keeper.CheckFence();
        Assert.Equal(StopReason.LeaseLost, handle.Reason);
        Assert.True(handle.Stopping.IsCancellationRequested);
    }

    [Fact]
    public void ARenewal_PushesTheFenceBackFromTheMomentItWasSent_AndALateOlderAnswerDoesNotPullItForward()
    {
        var handle = Hold(1);
        _time.Advance(TimeSpan.FromSeconds(5));
        var sentAt = _time.GetTimestamp();
        handle.Renewed(sentAt);
        handle.Renewed(sentAt - 1);

        _time.Advance(Fence.KillAfter - TimeSpan.FromMilliseconds(1));
        _keeper.CheckFence();
        Assert.Equal(StopReason.None, handle.Reason);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        _keeper.CheckFence();
        Assert.Equal(StopReason.LeaseLost, handle.Reason);
    }

    [Fact]
    public async Task AFailedRenewal_RenewsNothing_SoTheFenceStillKills()
    {
        var handle = Hold(1);
        var grantedAt = handle.RenewedAt;

        await _keeper.RenewAsync([handle], CancellationToken.None);
        _time.Advance(Fence.KillAfter);
        _keeper.CheckFence();

        Assert.Equal(grantedAt, handle.RenewedAt);
        Assert.Equal(StopReason.LeaseLost, handle.Reason);
    }

    [Fact]
    public void AJobAlreadyStoppedForAnotherReason_KeepsThatReason()
    {
        var handle = Hold(1);
        handle.Stop(StopReason.Cancelled);

        _time.Advance(Fence.Lease);
        _keeper.CheckFence();

        Assert.Equal(StopReason.Cancelled, handle.Reason);
    }

    private LeaseHandle Hold(long jobId)
    {
        var handle = new LeaseHandle(new LeaseRef { JobId = jobId, Epoch = 1 }, _time.GetTimestamp());
        _held[jobId] = handle;
        return handle;
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
