using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nmpi.GrainInterfaces.Accounts;
using Nmpi.GrainInterfaces.ProviderKeys;

namespace Nmpi.Gateway.Auth;

/// <summary>
/// The idempotent reads authentication makes of token, user and provider key grains, each with a short timeout and one
/// retry. When both attempts fail because the cluster does not answer (a silo died and is not yet declared dead), a
/// positive answer at most <see cref="AuthLookupOptions.LastAnswerLifetime"/> old stands in; a "no" is never remembered.
/// </summary>
public sealed partial class CredentialLookups(IGrainFactory grains, IOptions<AuthLookupOptions> options, TimeProvider time, ILogger<CredentialLookups> log)
{
    private readonly LastGoodAnswers<UserAccess> _access = new(time);
    private readonly LastGoodAnswers<ProviderKey> _keys = new(time);
    private readonly LastGoodAnswers<string> _notRevoked = new(time);

    /// <summary>What a personal access token's user may do, or null for an unknown, revoked or expired token.</summary>
    public Task<UserAccess?> ResolveTokenAsync(string tokenKey) =>
        LookAsync(_access, $"token:{tokenKey}", "access token", () => grains.GetGrain<IAccessTokenGrain>(tokenKey).ResolveAsync());

    /// <summary>What the user may do, or null for an unknown or disabled user.</summary>
    public Task<UserAccess?> UserAccessAsync(string userId) =>
        LookAsync(_access, $"user:{userId}", "user", () => grains.GetGrain<IUserGrain>(userId).GetAccessAsync());

    /// <summary>Whether a recorded session token was revoked.</summary>
    public async Task<bool> IsRevokedAsync(string tokenKey) =>
        await LookAsync(_notRevoked, $"session:{tokenKey}", "session token", async () =>
            await grains.GetGrain<IAccessTokenGrain>(tokenKey).IsRevokedAsync() ? null : tokenKey) is null;

    /// <summary>The provider key with this id and hash, or null when unknown, revoked or ended.</summary>
    public Task<ProviderKey?> AuthenticateKeyAsync(string keyId, byte[] hash, NewProviderKey? seed) =>
        LookAsync(_keys, $"key:{keyId}:{Convert.ToHexString(hash)}", "provider key", () => grains.GetGrain<IProviderKeyGrain>(keyId).AuthenticateAsync(hash, seed));

    private async Task<T?> LookAsync<T>(LastGoodAnswers<T> answers, string key, string what, Func<Task<T?>> ask)
        where T : class
    {
        var settings = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var answer = await ask().WaitAsync(settings.CallTimeout); // wall-clock time, even where tests fake the clock
                if (answer is null)
                {
                    answers.Forget(key);
                }
                else
                {
                    answers.Remember(key, answer);
                }

                return answer;
            }
            catch (Exception error) when (IsUnanswered(error))
            {
                // Answer from the last good answer at once: waiting again would only add to the caller's latency.
                if (answers.TryRecall(key, settings.LastAnswerLifetime, out var last, out var age))
                {
                    LogAnsweredFromLast(log, what, error.GetType().Name, age);
                    return last;
                }

                if (attempt > 1)
                {
                    throw;
                }

                LogRetrying(log, what, error.GetType().Name);
            }
        }
    }

    // The cluster did not answer (a dead or unreachable silo, or the client's gateway silo gone: ConnectionFailedException);
    // anything else is an answer or a bug and propagates.
    private static bool IsUnanswered(Exception error) =>
        error is TimeoutException or Orleans.Runtime.SiloUnavailableException or Orleans.Runtime.OrleansMessageRejectionException
            or Orleans.Runtime.Messaging.ConnectionFailedException;

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "The {What} lookup got no answer ({Error}); retrying once")]
    private static partial void LogRetrying(ILogger logger, string what, string error);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "The {What} lookup got no answer ({Error}); using the answer the cluster gave {Age} ago")]
    private static partial void LogAnsweredFromLast(ILogger logger, string what, string error, TimeSpan age);
}
