using Grpc.Core;
using Nmpi.Api.Platforms;
using Nmpi.Client;

namespace Nmpi.Cli;

/// <summary>Turns what went wrong into one line that says what to do, with its exit code.</summary>
public static class ErrorAdvice
{
    /// <summary>Explains an exception; <paramref name="server"/> is the address that was tried.</summary>
    public static CommandFailure Explain(Exception error, string server)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            CommandFailure failure => failure,
            NmpiException { StatusCode: StatusCode.OK } local => new CommandFailure(ExitCodes.Usage, local.Message, local),
            NmpiException refused => Refused(refused, server),
            RpcException rpc => Refused(NmpiException.From(rpc), server),
            DirectoryNotFoundException or FileNotFoundException => new CommandFailure(ExitCodes.Usage, error.Message, error),
            IOException or UnauthorizedAccessException => new CommandFailure(ExitCodes.Usage, $"A local file could not be read or written: {error.Message}", error),
            _ => new CommandFailure(ExitCodes.Usage, $"nmpi failed unexpectedly: {error.Message}", error),
        };
    }

    private static CommandFailure Refused(NmpiException e, string server)
    {
        var detail = e.Message.TrimEnd('.');
        return e.StatusCode switch
        {
            StatusCode.Unavailable when e.Reason == "CLUSTER_UNAVAILABLE" =>
                new(ExitCodes.Unreachable, $"The server at {server} answers but its cluster is unavailable ({detail}): try again in a minute.", e),
            StatusCode.Unavailable or StatusCode.DeadlineExceeded =>
                new(ExitCodes.Unreachable, $"Cannot reach the nmpi server at {server} ({Transport(e) ?? detail}): check that it runs, or set `server:` in nmpi_config.yml or pass --server URL.", e),
            StatusCode.Unauthenticated when e.Reason == "TOKEN_EXPIRED" =>
                new(ExitCodes.Refused, $"Your session at {server} has expired: run `nmpi login` to sign in again.", e),
            StatusCode.Unauthenticated =>
                new(ExitCodes.Refused, $"The server at {server} refused your token (expired or invalid): run `nmpi login` (or `nmpi login --token NEW_TOKEN`), or fix `token:` in nmpi_config.yml or --token.", e),
            StatusCode.NotFound when e.Reason == "COLLAB_NOT_FOUND" =>
                new(ExitCodes.Refused, $"You have no access to that collab ({detail}): check `collab_id:` in nmpi_config.yml or -c/--collab, or ask the collab's administrators to add you.", e),
            StatusCode.NotFound when e.Reason == "JOB_NOT_FOUND" =>
                new(ExitCodes.Refused, $"{detail}: `nmpi list` shows the jobs you can see.", e),
            StatusCode.NotFound when e.Reason == "COMMENT_NOT_FOUND" =>
                new(ExitCodes.Refused, $"{detail}: only your own comments can be edited or deleted; `nmpi status ID --output json` lists a job's comments.", e),
            StatusCode.PermissionDenied =>
                new(ExitCodes.Refused, $"Not allowed: {detail}. Ask an administrator of the collab for the editor role, or use another collab with -c.", e),
            StatusCode.ResourceExhausted when e.Reason == "RATE_LIMITED" =>
                new(ExitCodes.Refused, $"{detail}. Wait a moment and run the command again.", e),
            StatusCode.ResourceExhausted =>
                new(ExitCodes.Refused, $"Quota exhausted: {detail}. Ask for more quota for the collab (or use another collab with -c).", e),
            StatusCode.InvalidArgument => new(ExitCodes.Refused, Invalid(e), e),
            _ => new(ExitCodes.Refused, $"The server refused the request ({e.StatusCode}): {detail}.", e),
        };
    }

    // The socket error says more than gRPC's "Error connecting to subchannel".
    private static string? Transport(NmpiException e) =>
        (e.InnerException as RpcException)?.Status.DebugException is { } debug
            ? (debug.InnerException ?? debug).Message.TrimEnd('.')
            : null;

    private static string Invalid(NmpiException e)
    {
        var problems = e.Problems.Count > 0
            ? string.Join("; ", e.Problems.Select(p => $"{p.Field}: {p.Description.TrimEnd('.')}"))
            : e.Message.TrimEnd('.');
        var platforms = e.Field == "hardware_platform" || e.Problems.Any(p => p.Field == "hardware_platform")
            ? $" The platforms are {string.Join(", ", PlatformCatalog.All.Select(p => p.Name))}."
            : "";
        return $"The server refused the job: {problems}.{platforms}";
    }
}
