using Microsoft.Extensions.Logging;

namespace Nmpi.Gateway.ProviderKeys;

/// <summary>Source-generated log messages about provider keys; they name key ids, never key text.</summary>
internal static partial class ProviderKeyLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Provider key {KeyId} created for site {Site} ({Platforms}) by {UserId}")]
    public static partial void Created(ILogger logger, string keyId, string site, string platforms, string userId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Provider key {KeyId} revoked by {UserId}")]
    public static partial void Revoked(ILogger logger, string keyId, string userId);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Provider key {KeyId} rotated to {NewKeyId} by {UserId}; the old key ends at {End}")]
    public static partial void Rotated(ILogger logger, string keyId, string newKeyId, string userId, DateTimeOffset? end);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Seeded {Count} configured provider keys")]
    public static partial void Seeded(ILogger logger, int count);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Configured provider key {KeyId} has ended in the keys table; remove it from the configuration")]
    public static partial void ConfiguredKeyEnded(ILogger logger, string keyId);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Seeding the configured provider keys failed; retrying in {Delay}")]
    public static partial void SeedingFailed(ILogger logger, TimeSpan delay, Exception exception);
}
