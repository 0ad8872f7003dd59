using System.Text.Json.Serialization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Nmpi.Gateway.Rest;

/// <summary>The EBRAINS job queue's error body: <c>{"detail": "..."}</c>.</summary>
public sealed record RestError([property: JsonPropertyName("detail")] string Detail);

/// <summary>Maps the status of an in-process gRPC call to the HTTP status and <c>{"detail"}</c> body of the REST API.</summary>
public static class RestErrors
{
    /// <summary>The HTTP status for a gRPC status code.</summary>
    public static int HttpStatus(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument or StatusCode.OutOfRange or StatusCode.FailedPrecondition => StatusCodes.Status400BadRequest,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists or StatusCode.Aborted => StatusCodes.Status409Conflict,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.Unimplemented => StatusCodes.Status501NotImplemented,
        StatusCode.Unavailable => StatusCodes.Status503ServiceUnavailable,
        StatusCode.DeadlineExceeded => StatusCodes.Status504GatewayTimeout,
        StatusCode.Cancelled => 499,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>An answer of <paramref name="status"/> with <paramref name="detail"/>.</summary>
    public static IResult Problem(int status, string detail) => Results.Json(new RestError(detail), statusCode: status);

    /// <summary>The answer for a failed in-process call: its HTTP status and its message as the detail.</summary>
    public static IResult FromRpc(RpcException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Problem(HttpStatus(e.StatusCode), e.Status.Detail);
    }
}
