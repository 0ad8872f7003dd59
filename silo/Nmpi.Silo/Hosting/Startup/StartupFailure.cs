using System.Net.Sockets;
using Npgsql;

namespace Nmpi.Silo.Hosting.Startup;

/// <summary>
/// Tells a start-up failure worth waiting out (the database or a peer not reachable yet) from one no wait can
/// fix (bad configuration, a broken schema), looking through the wrappers Orleans and the host put around it.
/// </summary>
public static class StartupFailure
{
    /// <summary>Whether another attempt may succeed once the database or the peers are back.</summary>
    public static bool IsTransient(Exception error) => Causes(error).Any(IsTransientCause);

    private static bool IsTransientCause(Exception error) => error switch
    {
        // Class 08 (connection), 57P (shutting down, cannot connect now, crash recovery), 53 (out of resources).
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("53", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        SocketException or TimeoutException => true,
        // A peer that died while this silo joined, or a cluster not answering yet; the last is the join's own check
        // that every Active peer answers a ping, which fails while a dead peer is not yet declared dead.
        Orleans.Runtime.OrleansMessageRejectionException or Orleans.Runtime.SiloUnavailableException
            or Orleans.Runtime.MembershipService.OrleansClusterConnectivityCheckFailedException => true,
        _ => false,
    };

    private static IEnumerable<Exception> Causes(Exception error)
    {
        var pending = new Stack<Exception>();
        pending.Push(error);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            yield return next;
            if (next is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (next.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}
