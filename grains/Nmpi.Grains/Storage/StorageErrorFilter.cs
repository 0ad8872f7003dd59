using Microsoft.Extensions.Logging;
using Nmpi.GrainInterfaces;
using Npgsql;

namespace Nmpi.Grains.Storage;

/// <summary>
/// Turns a database error escaping a grain call into a <see cref="StorageUnavailableException"/> the caller can
/// receive (the driver's exception types have no Orleans codec), logging the original here, where it happened.
/// </summary>
public sealed partial class StorageErrorFilter(ILogger<StorageErrorFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await context.Invoke();
        }
        catch (NpgsqlException e)
        {
            var state = (e as PostgresException)?.SqlState;
            LogStorageFailure(logger, context.InterfaceName, context.MethodName, state ?? "-", e.IsTransient, e);
            throw new StorageUnavailableException(
                e.IsTransient ? "The job store is unavailable for a moment; try again." : "The job store failed to carry out the request.",
                e.IsTransient,
                state);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Interface}.{Method} failed on the database (SQLSTATE {SqlState}, transient {Transient})")]
    private static partial void LogStorageFailure(ILogger logger, string @interface, string method, string sqlState, bool transient, Exception exception);
}
