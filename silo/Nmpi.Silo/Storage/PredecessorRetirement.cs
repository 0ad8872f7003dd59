using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Nmpi.Silo.Storage;

/// <summary>
/// Before a silo joins, declares dead every earlier incarnation of it (same cluster, address and silo port) that the
/// membership table still lists as alive: a silo that crashed and comes back on its address.
/// </summary>
/// <remarks>
/// Orleans retires a silo's older generations itself, but only once that silo is joining; until then its peers still
/// see the crashed incarnation as active and, when they join at the same moment (the whole cluster restarting after a
/// crash), each one's connectivity check pings the other's corpse and can fail the start. Retiring first, before
/// Orleans starts, closes that window. It happens only when this process can bind the silo port itself: if it cannot,
/// a live silo may hold it, and that silo is not a predecessor.
/// </remarks>
public static partial class PredecessorRetirement
{
    /// <summary>Orleans' <c>SiloStatus.Dead</c>.</summary>
    public const int Dead = 6;

    // One statement: the rows and the table version (the table's etag) change together, so a silo holding
    // an older version re-reads the table before its next write, as the membership protocol expects.
    private const string RetireSql = """
        WITH retired AS (
          UPDATE orleans_membership
          SET status = @dead
          WHERE deployment_id = @cluster AND address = @address AND port = @port AND status <> @dead
          RETURNING generation
        ), bumped AS (
          UPDATE orleans_membership_version
          SET version = version + 1, changed_at = now()
          WHERE deployment_id = @cluster AND EXISTS (SELECT 1 FROM retired)
          RETURNING 1
        )
        SELECT generation FROM retired ORDER BY generation
        """;

    /// <summary>Retires the earlier incarnations of the silo at <paramref name="address"/>:<paramref name="siloPort"/>.</summary>
    /// <returns>The generations declared dead (empty when there were none, or when the port is in use).</returns>
    public static async Task<IReadOnlyList<int>> RetireAsync(
        NpgsqlDataSource dataSource, string clusterId, string address, int siloPort, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);
        if (!CanBind(address, siloPort))
        {
            LogPortBusy(logger, address, siloPort);
            return [];
        }

        await using var command = dataSource.CreateCommand(RetireSql);
        command.Parameters.AddWithValue("dead", Dead);
        command.Parameters.AddWithValue("cluster", clusterId);
        command.Parameters.AddWithValue("address", address);
        command.Parameters.AddWithValue("port", siloPort);
        var generations = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            generations.Add(reader.GetInt32(0));
        }

        if (generations.Count > 0)
        {
            LogRetired(logger, address, siloPort, string.Join(", ", generations));
        }

        return generations;
    }

    private static bool CanBind(string address, int port)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            return false;
        }

        using var probe = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Orleans binds with address reuse; so does this probe, so a port left in TIME_WAIT by the crash counts as free.
            probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            probe.Bind(new IPEndPoint(ip, port));
            probe.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Declared dead the earlier incarnations of the silo at {Address}:{Port} (generations {Generations}) before joining")]
    private static partial void LogRetired(ILogger logger, string address, int port, string generations);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Silo port {Address}:{Port} is in use; no earlier incarnation retired")]
    private static partial void LogPortBusy(ILogger logger, string address, int port);
}
