using Grpc.Core;
using Nmpi.Gateway.Errors;
using Nmpi.GrainInterfaces.Quotas;

namespace Nmpi.Gateway.Quotas;

/// <summary>Maps quota refusals to gRPC statuses; an exhausted quota says what is left, in the platform's units.</summary>
public static class QuotaErrors
{
    /// <summary>The status for a quota or request refusal.</summary>
    public static RpcException FromRejection(QuotaRejectedException rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return rejection.Rejection switch
        {
            QuotaRejection.NotFound => GatewayErrors.NotFound(ErrorReasons.ResourceRequestNotFound, rejection.Message),
            QuotaRejection.InvalidTransition => GatewayErrors.FailedPrecondition(ErrorReasons.InvalidTransition, rejection.Message),
            QuotaRejection.Exhausted => GatewayErrors.ResourceExhausted(
                ErrorReasons.QuotaExhausted,
                rejection.Shortfall is { } shortfall ? shortfall.Describe(QuotaMapper.UnitsOf(shortfall.Platform)) : rejection.Message),
            QuotaRejection.InvalidArgument => GatewayErrors.InvalidArgument(rejection.Field ?? "", rejection.Message),
            QuotaRejection.PermissionDenied => GatewayErrors.PermissionDenied(rejection.Message),
            _ => GatewayErrors.Internal(),
        };
    }

    /// <summary>NOT_FOUND for a request that does not exist or that the caller may not see (the two are indistinguishable).</summary>
    public static RpcException RequestNotFound(long id) =>
        GatewayErrors.NotFound(ErrorReasons.ResourceRequestNotFound, $"Resource request {id} not found.");

    /// <summary>NOT_FOUND for a collab the caller has no role in.</summary>
    public static RpcException CollabNotFound(string collab) =>
        GatewayErrors.NotFound(ErrorReasons.CollabNotFound, $"Collab '{collab}' not found or not accessible.");
}
