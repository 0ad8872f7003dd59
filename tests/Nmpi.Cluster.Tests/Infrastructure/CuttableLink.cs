using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Nmpi.Cluster.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay the test can cut like a network link that goes down: after <see cref="Cut"/> nothing passes in
/// either direction and no connection is closed (calls hang until their deadlines, as on a dead link), and new connections
/// are accepted but never answered; <see cref="Mend"/> drops the dead connections so clients connect afresh.
/// </summary>
public sealed class CuttableLink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _closing = new();
    private readonly ConcurrentBag<TcpClient> _sockets = [];
    private readonly Task _accepting;
    private CancellationTokenSource _passing = new();

    private CuttableLink(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The address that reaches the target through the link, e.g. http://127.0.0.1:40123.</summary>
    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Starts relaying to a loopback port.</summary>
    public static CuttableLink To(int targetPort) => new(targetPort);

    /// <summary>Takes the link down: every byte in flight and to come is held back.</summary>
    public void Cut() => _passing.Cancel();

    /// <summary>Brings the link back: the held connections are reset, new ones pass.</summary>
    public void Mend()
    {
        _passing = new CancellationTokenSource();
        DropAll();
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _listener.Stop();
        await _accepting;
        DropAll();
        _closing.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_closing.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_closing.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _sockets.Add(inbound);
            _ = RelayAsync(inbound, _passing.Token);
        }
    }

    private async Task RelayAsync(TcpClient inbound, CancellationToken passing)
    {
        if (passing.IsCancellationRequested)
        {
            // A connection made while the link is down is held open and silent.
            return;
        }

        var outbound = new TcpClient();
        _sockets.Add(outbound);
        try
        {
            await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, passing);
            await Task.WhenAny(PumpAsync(inbound.GetStream(), outbound.GetStream(), passing), PumpAsync(outbound.GetStream(), inbound.GetStream(), passing));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // Cut, reset or disposed.
        }

        if (!passing.IsCancellationRequested)
        {
            // One side closed: close the other (a cut link closes nothing).
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    private static async Task PumpAsync(NetworkStream from, NetworkStream to, CancellationToken passing)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, passing)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), passing);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Cut, reset or disposed.
        }
    }

    private void DropAll()
    {
        while (_sockets.TryTake(out var socket))
        {
            socket.Dispose();
        }
    }
}
