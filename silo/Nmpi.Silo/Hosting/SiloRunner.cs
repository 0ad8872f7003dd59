using System.Diagnostics;
using Microsoft.Extensions.Options;
using Nmpi.Silo.Hosting.Startup;
using Nmpi.Silo.Storage;
using Npgsql;
using Orleans.Configuration;

namespace Nmpi.Silo.Hosting;

/// <summary>
/// Starts a silo: applies the schema migrations, retires its own crashed earlier incarnations from the membership
/// table, then starts Orleans and the endpoints. While the database or a peer is not reachable, the whole start is
/// retried on a fresh host with back-off until Nmpi:Startup:Deadline.
/// </summary>
public static partial class SiloRunner
{
    /// <summary>Builds, migrates and starts a silo; the caller stops and disposes it.</summary>
    /// <exception cref="StartupDeadlineExceededException">The silo could not start within the start-up deadline.</exception>
    public static async Task<WebApplication> StartAsync(string[] args, Action<ConfigurationManager>? configure = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        StartupBackoff? backoff = null;
        StartupOptions? options = null;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            // A silo whose start failed cannot start again (its lifecycle and membership generation are spent): build a new one.
            var app = SiloHost.Build(args, configure);
            if (options is null)
            {
                options = StartupOptions.From(app.Configuration);
                backoff = new StartupBackoff(options.FirstRetryDelay, options.MaxRetryDelay, options.Deadline);
                deadline.CancelAfter(options.Deadline);
            }

            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SiloRunner));
            var step = "PostgreSQL (schema migrations)";
            try
            {
                await MigrateAsync(app, deadline.Token);
                step = "PostgreSQL (membership clean-up)";
                await RetirePredecessorsAsync(app, deadline.Token);
                step = "the Orleans silo (grain storage, reminders, peers, seeded users, quota grants)";
                await app.StartAsync(deadline.Token);
                if (attempt > 1)
                {
                    LogStartedAfterRetries(log, attempt, clock.Elapsed);
                }

                return app;
            }
            catch (Exception error) when (StartupFailure.IsTransient(error) || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                var delay = deadline.IsCancellationRequested ? null : backoff!.DelayAfter(attempt, clock.Elapsed);
                if (delay is null)
                {
                    await DiscardAsync(app, log);
                    throw new StartupDeadlineExceededException(
                        $"nmpi-silo did not start within {options.Deadline} ({StartupOptions.SectionName}:Deadline): still waiting for {step} after {attempt} attempts; last error: {Reason(error)}",
                        error);
                }

                LogRetrying(log, step, attempt, delay.Value, Reason(error));
                await DiscardAsync(app, log);
                await Task.Delay(delay.Value, cancellationToken);
            }
            catch
            {
                await DiscardAsync(app, log);
                throw;
            }
        }
    }

    private static Task MigrateAsync(WebApplication app, CancellationToken cancellationToken) =>
        new SchemaMigrator(
            app.Services.GetRequiredService<NpgsqlDataSource>(),
            app.Services.GetRequiredService<ILogger<SchemaMigrator>>()).MigrateAsync(cancellationToken: cancellationToken);

    private static Task RetirePredecessorsAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var endpoint = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        return PredecessorRetirement.RetireAsync(
            app.Services.GetRequiredService<NpgsqlDataSource>(),
            app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId,
            endpoint.AdvertisedIPAddress.ToString(),
            endpoint.SiloPort,
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PredecessorRetirement)),
            cancellationToken);
    }

    // Stops what the failed attempt started (the silo may have joined) and frees its ports for the next attempt.
    private static async Task DiscardAsync(WebApplication app, ILogger log)
    {
        try
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await app.StopAsync(grace.Token);
        }
        catch (Exception error)
        {
            LogDiscardFailed(log, error.Message);
        }

        try
        {
            await app.DisposeAsync();
        }
        catch (Exception error)
        {
            LogDiscardFailed(log, error.Message);
        }
    }

    // The innermost message says what was unreachable (e.g. "Failed to connect to 127.0.0.1:5432").
    private static string Reason(Exception error)
    {
        var inner = error;
        while (inner.InnerException is { } next && inner is not Npgsql.NpgsqlException)
        {
            inner = next;
        }

        return $"{inner.GetType().Name}: {inner.Message}";
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Silo start-up is waiting for {WaitingFor}: attempt {Attempt} failed ({Reason}); next try in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string waitingFor, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Silo started at attempt {Attempt}, {Elapsed} after the first")]
    private static partial void LogStartedAfterRetries(ILogger logger, int attempt, TimeSpan elapsed);

    [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "Cleaning up a failed start-up attempt failed too: {Reason}")]
    private static partial void LogDiscardFailed(ILogger logger, string reason);
}
