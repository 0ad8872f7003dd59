using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Nmpi.Gateway.Validation;
using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Gateway.Errors;

/// <summary>Builds every RpcException the gateway sends: a google.rpc.Status with ErrorInfo and, for bad input, BadRequest.</summary>
public static class GatewayErrors
{
    /// <summary>INVALID_ARGUMENT listing each field violation.</summary>
    public static RpcException InvalidArgument(IReadOnlyList<FieldViolation> violations)
    {
        var badRequest = new BadRequest();
        foreach (var v in violations)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description });
        }

        var first = violations.Count > 0 ? violations[0] : new FieldViolation("", "The request is invalid.");
        var message = violations.Count > 1
            ? $"{first.Field}: {first.Description} (and {violations.Count - 1} more)"
            : $"{first.Field}: {first.Description}";
        return Build(Code.InvalidArgument, message, ErrorReasons.InvalidArgumentField, first.Field, badRequest);
    }

    /// <summary>INVALID_ARGUMENT for one field.</summary>
    public static RpcException InvalidArgument(string field, string description) =>
        InvalidArgument([new FieldViolation(field, description)]);

    /// <summary>NOT_FOUND for a job that does not exist or that the caller may not see (the two are indistinguishable).</summary>
    public static RpcException JobNotFound(long id) =>
        Build(Code.NotFound, $"Job {id} not found.", ErrorReasons.JobNotFound, null, null);

    /// <summary>
    /// NOT_FOUND for an adapter id that does not exist or that the key may not act as (another site's, another key's, or one
    /// of a platform the key does not serve): one answer for all, so it tells nothing about other keys' adapters.
    /// </summary>
    public static RpcException AdapterNotFound(string adapterId, string field = "adapter_id") =>
        Build(Code.NotFound, $"Adapter '{adapterId}' not found, or this API key may not use it.", ErrorReasons.AdapterNotFound, field, null);

    public static RpcException NotFound(string reason, string message, string? field = null) => Build(Code.NotFound, message, reason, field, null);

    public static RpcException Unauthenticated(string message, string reason = ErrorReasons.Unauthenticated) =>
        Build(Code.Unauthenticated, message, reason, null, null);

    public static RpcException PermissionDenied(string message, string reason = ErrorReasons.PermissionDenied, string? field = null) =>
        Build(Code.PermissionDenied, message, reason, field, null);

    public static RpcException FailedPrecondition(string reason, string message) =>
        Build(Code.FailedPrecondition, message, reason, null, null);

    public static RpcException AlreadyExists(string reason, string message) =>
        Build(Code.AlreadyExists, message, reason, null, null);

    public static RpcException ResourceExhausted(string reason, string message) =>
        Build(Code.ResourceExhausted, message, reason, null, null);

    /// <summary>RESOURCE_EXHAUSTED with a google.rpc.RetryInfo: the call may succeed when repeated after the wait (rounded up to a whole second).</summary>
    public static RpcException RetryLater(string reason, TimeSpan retryAfter, string message)
    {
        var wait = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds)));
        var retry = new RetryInfo { RetryDelay = Duration.FromTimeSpan(wait) };
        return Build(Code.ResourceExhausted, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{message} Retry in {wait.TotalSeconds:0} s."), reason, null, null, retry);
    }

    /// <summary>RESOURCE_EXHAUSTED for a user over the write rate limit, with a google.rpc.RetryInfo saying when to retry.</summary>
    public static RpcException RateLimited(TimeSpan retryAfter, double perSecond) =>
        OverRate(retryAfter, wait => $"Too many changes in a short time (limit {perSecond:0.##} per second per user); retry in {wait.TotalSeconds:0.###} s.", null);

    /// <summary>RESOURCE_EXHAUSTED for a caller reading faster than the read rate limit, with a google.rpc.RetryInfo.</summary>
    public static RpcException ReadRateLimited(TimeSpan retryAfter, double perSecond) =>
        OverRate(retryAfter, wait => $"Too many reads in a short time (limit {perSecond:0.##} per second per caller); retry in {wait.TotalSeconds:0.###} s.", null);

    /// <summary>RESOURCE_EXHAUSTED for a user uploading code faster than the upload rate limit, with a google.rpc.RetryInfo.</summary>
    public static RpcException UploadRateLimited(TimeSpan retryAfter, double mibPerSecond) =>
        OverRate(
            retryAfter,
            wait => $"header.size: too much code uploaded in a short time (limit {mibPerSecond:0.###} MiB per second per user); nothing was stored; retry in {wait.TotalSeconds:0.###} s.",
            "header.size");

    // One shape for every rate limit: the wait rounded up to a millisecond, the message formatted invariantly, RATE_LIMITED.
    private static RpcException OverRate(TimeSpan retryAfter, Func<TimeSpan, FormattableString> message, string? field)
    {
        var wait = TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(retryAfter.TotalMilliseconds)));
        var retry = new RetryInfo { RetryDelay = Duration.FromTimeSpan(wait) };
        return Build(Code.ResourceExhausted, FormattableString.Invariant(message(wait)), ErrorReasons.RateLimited, field, null, retry);
    }

    /// <summary>RESOURCE_EXHAUSTED for an upload that would pass the owner area's code storage limit.</summary>
    public static RpcException CodeStorageFull(string area, long used, long limit, long size) =>
        Build(
            Code.ResourceExhausted,
            $"header.size: the code store of {area} holds {used} of at most {limit} bytes, so this file of {size} bytes does not fit; nothing was stored. Files no code bundle names are removed after a grace period.",
            ErrorReasons.CodeStorageFull,
            "header.size",
            null);

    /// <summary>UNAVAILABLE with a generic message: the cluster could not be reached or did not answer in time.</summary>
    public static RpcException Unavailable() =>
        Build(Code.Unavailable, "The job service is temporarily unavailable; retry shortly.", ErrorReasons.ClusterUnavailable, null, null);

    /// <summary>UNAVAILABLE: the silo's statistics scans are at their limit; a google.rpc.RetryInfo says when to ask again.</summary>
    public static RpcException StatisticsBusy(string message, double retryAfterSeconds) =>
        Build(Code.Unavailable, message, ErrorReasons.StatisticsBusy, null, null, new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(retryAfterSeconds)) });

    /// <summary>UNAVAILABLE: the external identity provider's keys could not be fetched, so its tokens cannot be checked yet.</summary>
    public static RpcException IdentityProviderUnavailable() =>
        Build(Code.Unavailable, "The identity provider cannot be reached to check the token; retry shortly.", ErrorReasons.IdentityProviderUnavailable, null, null);

    /// <summary>UNAVAILABLE: the operator switched the service to read-only; the message is the operator's.</summary>
    public static RpcException ReadOnly(string message) =>
        Build(Code.Unavailable, message, ErrorReasons.ReadOnly, null, null);

    /// <summary>INTERNAL with a generic message; the cause is logged, never sent.</summary>
    public static RpcException Internal() =>
        Build(Code.Internal, "Internal error.", ErrorReasons.Internal, null, null);

    /// <summary>Maps a grain's refusal to its gRPC status; the grain's message is meant for callers.</summary>
    public static RpcException FromRejection(JobRejectedException rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return rejection.Rejection switch
        {
            JobRejection.NotFound => Build(Code.NotFound, rejection.Message, ErrorReasons.JobNotFound, null, null),
            JobRejection.InvalidTransition => Build(Code.FailedPrecondition, rejection.Message, ErrorReasons.InvalidTransition, null, null),
            JobRejection.StaleLease => Build(Code.FailedPrecondition, rejection.Message, ErrorReasons.StaleLease, null, null),
            JobRejection.RequestIdReused => Build(Code.AlreadyExists, rejection.Message, ErrorReasons.RequestIdReused, "request_id", null),
            JobRejection.InvalidArgument => InvalidArgument(rejection.Field ?? "", rejection.Message),
            JobRejection.LimitExceeded => Build(Code.ResourceExhausted, rejection.Message, ErrorReasons.LimitExceeded, rejection.Field, null),
            _ => Internal(),
        };
    }

    private static RpcException Build(Code code, string message, string reason, string? field, BadRequest? badRequest, RetryInfo? retry = null)
    {
        var info = new ErrorInfo { Reason = reason, Domain = ErrorReasons.Domain };
        if (!string.IsNullOrEmpty(field))
        {
            info.Metadata.Add("field", field);
        }

        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(info));
        if (badRequest is not null)
        {
            status.Details.Add(Any.Pack(badRequest));
        }

        if (retry is not null)
        {
            status.Details.Add(Any.Pack(retry));
        }

        return status.ToRpcException();
    }
}
