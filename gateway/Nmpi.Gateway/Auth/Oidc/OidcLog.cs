using Microsoft.Extensions.Logging;

namespace Nmpi.Gateway.Auth.Oidc;

/// <summary>Source-generated log messages of external token validation; no token ever appears in them.</summary>
internal static partial class OidcLog
{
    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Fetched {Count} signing keys of issuer {Issuer} ({Reason})")]
    public static partial void KeysFetched(ILogger logger, string issuer, int count, string reason);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Could not fetch the signing keys of issuer {Issuer} ({Reason})")]
    public static partial void KeysUnavailable(ILogger logger, string issuer, string reason, Exception exception);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "The discovery document at {Authority} names issuer {Announced}, not the configured {Issuer}")]
    public static partial void IssuerMismatch(ILogger logger, string authority, string announced, string issuer);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Token of issuer {Issuer} refused: {Failure}")]
    public static partial void TokenRefused(ILogger logger, string issuer, string failure);
}
