using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Nmpi.Gateway.Validation;

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

    /// <summary>
    /// Malformed input as v3 (FastAPI) reports it: 422 with a list of <c>{loc, msg, type}</c>, <c>loc</c> being the
    /// <paramref name="location"/> (<c>query</c> or <c>body</c>) then the field's path (list positions as numbers).
    /// </summary>
    public static IResult Unprocessable(string location, IEnumerable<FieldViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        var detail = new JsonArray([.. violations.Select(v => (JsonNode)new JsonObject
        {
            ["loc"] = new JsonArray([JsonValue.Create(location), .. Path(v.Field)]),
            ["msg"] = v.Description,
            ["type"] = "value_error",
        })]);
        return Results.Json(new JsonObject { ["detail"] = detail }, statusCode: StatusCodes.Status422UnprocessableEntity);
    }

    // "input_data[2].url" is ["input_data", 2, "url"], as FastAPI names a field inside a list.
    private static IEnumerable<JsonNode?> Path(string field) =>
        field.Replace("[", ".", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal)
            .Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? JsonValue.Create(index) : (JsonNode?)JsonValue.Create(p));
}
