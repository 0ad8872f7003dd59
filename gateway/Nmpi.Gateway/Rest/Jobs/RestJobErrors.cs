using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.Validation;

namespace Nmpi.Gateway.Rest.Jobs;

/// <summary>The job endpoints' errors with the status codes and texts of the EBRAINS job queue v3.</summary>
public static class RestJobErrors
{
    /// <summary>v3's one answer for a job that does not exist and for one the caller may not see.</summary>
    public static IResult JobNotFound(long id) =>
        RestErrors.Problem(StatusCodes.Status404NotFound, $"Either there is no job with id {id}, or you do not have access to it");

    /// <summary>v3's answer for a submit without quota left.</summary>
    public const string NoQuota = "You do not have sufficient compute quota to submit this job";

    /// <summary>v3's answer for a submit to a collab the caller cannot see.</summary>
    public const string NoCollab = "You do not have access to this collab or there is no collab with this id";

    /// <summary>The machine-readable reason of a gateway error, or "".</summary>
    public static string Reason(RpcException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason ?? "";
    }

    /// <summary>The answer for a failed call about job <paramref name="id"/>: v3's texts for a hidden job and no quota, {"detail"} otherwise.</summary>
    public static IResult FromRpc(RpcException e, long id)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.StatusCode == StatusCode.NotFound && Reason(e) == ErrorReasons.JobNotFound ? JobNotFound(id) : FromRpc(e);
    }

    /// <summary>The answer for a failed call: a quota refusal is v3's 403 (rate limiting stays 429), the rest as <see cref="RestErrors"/>.</summary>
    public static IResult FromRpc(RpcException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.StatusCode == StatusCode.ResourceExhausted && Reason(e) == ErrorReasons.QuotaExhausted
            ? RestErrors.Problem(StatusCodes.Status403Forbidden, NoQuota)
            : RestErrors.FromRpc(e);
    }

    /// <summary>A malformed request body, as v3 (FastAPI) reports one: 422 with a list of {loc, msg, type}.</summary>
    public static IResult Unprocessable(IEnumerable<FieldViolation> violations) => RestErrors.Unprocessable(RestInputException.Body, violations);

    /// <summary>The field violations an INVALID_ARGUMENT carries (its BadRequest detail), or its message as one violation.</summary>
    public static IReadOnlyList<FieldViolation> Violations(RpcException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var badRequest = e.GetRpcStatus()?.GetDetail<BadRequest>();
        return badRequest is { FieldViolations.Count: > 0 }
            ? [.. badRequest.FieldViolations.Select(v => new FieldViolation(v.Field, v.Description))]
            : [new FieldViolation("", e.Status.Detail)];
    }
}
