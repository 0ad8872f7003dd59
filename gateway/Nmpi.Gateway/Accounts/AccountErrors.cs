using Grpc.Core;
using Nmpi.Gateway.Errors;
using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Gateway.Accounts;

/// <summary>The gRPC statuses of the accounts and collabs services.</summary>
public static class AccountErrors
{
    /// <summary>The one answer to a failed login, whichever of username and password was wrong.</summary>
    public static RpcException LoginFailed() => GatewayErrors.Unauthenticated("Wrong username or password.");

    /// <summary>NOT_FOUND for a user that does not exist or the caller may not see.</summary>
    public static RpcException UserNotFound(string userId) =>
        GatewayErrors.NotFound(ErrorReasons.UserNotFound, $"User '{userId}' not found.", "user_id");

    /// <summary>NOT_FOUND for a collab that does not exist or the caller is not a member of (the two are indistinguishable).</summary>
    public static RpcException CollabNotFound(string collabId) =>
        GatewayErrors.NotFound(ErrorReasons.CollabNotFound, $"Collab '{collabId}' not found or not accessible.");

    /// <summary>Maps a grain's refusal to its gRPC status; the grain's message is meant for callers.</summary>
    public static RpcException FromRejection(AccountRejectedException rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return rejection.Rejection switch
        {
            AccountRejection.UserExists => GatewayErrors.AlreadyExists(ErrorReasons.UserExists, rejection.Message),
            AccountRejection.UserNotFound => GatewayErrors.NotFound(ErrorReasons.UserNotFound, rejection.Message),
            AccountRejection.CollabExists => GatewayErrors.AlreadyExists(ErrorReasons.CollabExists, rejection.Message),
            AccountRejection.CollabNotFound => GatewayErrors.NotFound(ErrorReasons.CollabNotFound, rejection.Message),
            AccountRejection.LastAdministrator => GatewayErrors.FailedPrecondition(ErrorReasons.LastAdministrator, rejection.Message),
            AccountRejection.PrivateCollab => GatewayErrors.FailedPrecondition(ErrorReasons.PrivateCollab, rejection.Message),
            AccountRejection.NoEmail => GatewayErrors.FailedPrecondition(ErrorReasons.NoEmail, rejection.Message),
            AccountRejection.EmailVerified => GatewayErrors.FailedPrecondition(ErrorReasons.EmailVerified, rejection.Message),
            AccountRejection.MailOff => GatewayErrors.FailedPrecondition(ErrorReasons.MailOff, rejection.Message),
            AccountRejection.WrongVerificationCode => GatewayErrors.InvalidArgument("code", rejection.Message),
            _ => GatewayErrors.Internal(),
        };
    }
}
