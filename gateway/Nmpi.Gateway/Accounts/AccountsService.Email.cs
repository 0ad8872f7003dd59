using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.Errors;
using Nmpi.GrainInterfaces.Accounts;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Accounts;

/// <summary>E-mail verification (security review L-4): a user proves they read mail at their address before any is sent there.</summary>
public sealed partial class AccountsService
{
    // A code is 32 characters; anything far longer is not one and is refused before the grain is asked.
    private const int MaxCodeLength = 200;

    public override async Task<Wire.User> VerifyEmail(Wire.VerifyEmailRequest request, ServerCallContext context)
    {
        var caller = await OwnAccountCallerAsync(context);
        if (request.Code.Trim().Length == 0 || request.Code.Length > MaxCodeLength)
        {
            throw GatewayErrors.InvalidArgument("code", "must be the code of the latest verification message");
        }

        // The code is checked against the caller's own outstanding code only: another user's code verifies nothing here.
        var account = await grains.GetGrain<IUserGrain>(caller.UserId).VerifyEmailAsync(request.Code);
        EmailVerified(logger, caller.UserId);
        return AccountMapper.ToWire(account);
    }

    public override async Task<Wire.ResendEmailVerificationResponse> ResendEmailVerification(Wire.ResendEmailVerificationRequest request, ServerCallContext context)
    {
        var caller = await OwnAccountCallerAsync(context);
        var user = grains.GetGrain<IUserGrain>(caller.UserId);
        if (await user.SendEmailVerificationAsync() is { } wait)
        {
            throw GatewayErrors.RetryLater(ErrorReasons.EmailVerificationThrottled, wait, "A verification message was sent a short while ago.");
        }

        return new Wire.ResendEmailVerificationResponse { Email = (await user.GetAccountAsync())?.Email ?? "" };
    }

    private async Task<UserPrincipal> OwnAccountCallerAsync(ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        if (caller.IsExternal)
        {
            throw GatewayErrors.FailedPrecondition(ErrorReasons.WrongCredentialKind,
                "Users of the external identity provider keep no address here: the provider verifies it.");
        }

        return caller;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} verified their e-mail address.")]
    private static partial void EmailVerified(ILogger logger, string userId);
}
