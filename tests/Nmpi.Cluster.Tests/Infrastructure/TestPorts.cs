using System.Net;
using System.Net.Sockets;

namespace Nmpi.Cluster.Tests.Infrastructure;

/// <summary>Hands out loopback ports for servers that are told their port (Orleans, Kestrel, PostgreSQL).</summary>
/// <remarks>
/// A probed port is free only until the server binds it, so three things keep two servers from getting the same port:
/// ports are picked below the kernel's ephemeral range (32768 and up), where outgoing connections never land; a port is
/// handed out at most once per process; and every port is reserved across processes by holding an exclusive lock on a
/// file named after it for the life of the process (the lock goes when the process does, even on kill -9).
/// </remarks>
public static class TestPorts
{
    private const int First = 20_000;
    private const int Last = 32_767;

    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Handed = [];
    private static readonly List<FileStream> Reservations = [];
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), "nmpi-test-ports");

    /// <summary>A port no other caller in any test process has been given, and that nothing listens on now.</summary>
    public static int Next()
    {
        lock (Gate)
        {
            System.IO.Directory.CreateDirectory(Directory);
            for (var attempt = 0; attempt < 10_000; attempt++)
            {
                var port = Random.Shared.Next(First, Last + 1);
                if (!Handed.Add(port))
                {
                    continue;
                }

                var reservation = TryReserve(port);
                if (reservation is null)
                {
                    continue;
                }

                if (!IsFree(port))
                {
                    reservation.Dispose();
                    continue;
                }

                Reservations.Add(reservation);
                return port;
            }

            throw new InvalidOperationException($"No free port left in {First}-{Last} after 10,000 attempts ({Handed.Count} handed out by this process).");
        }
    }

    private static FileStream? TryReserve(int port)
    {
        try
        {
            // FileShare.None takes an exclusive advisory lock that every other .NET process honours.
            return new FileStream(Path.Combine(Directory, $"{port}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsFree(int port)
    {
        using var probe = new TcpListener(IPAddress.Loopback, port);
        try
        {
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
