using Grpc.Core;
using Nmpi.Gateway.Auth;

namespace Nmpi.Gateway.Jobs;

/// <summary>
/// The caller's right to an open stream, checked again while it runs: at most once per <c>StreamRecheck</c>, through the
/// same <see cref="CallerAuthenticator"/> path a new call takes, so a revoked or expired token, a removed membership or a
/// deleted collab ends the stream with the status a new call would get.
/// </summary>
internal sealed class StreamAccess
{
    // A wait is never cut shorter than this, so a check that is due at once still lets the grain answer what is ready.
    private static readonly TimeSpan ShortestWait = TimeSpan.FromMilliseconds(50);

    private readonly CallerAuthenticator _auth;
    private readonly ServerCallContext _context;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly Func<UserPrincipal, bool> _mayFollow;
    private readonly Func<RpcException> _lost;
    private long _checkedAt;

    /// <summary>Starts the clock: the caller was authorized just now, when the stream opened.</summary>
    /// <param name="mayFollow">Whether the caller, as authenticated again, may still see what the stream shows.</param>
    /// <param name="lost">The error a new call would get when <paramref name="mayFollow"/> says no.</param>
    public StreamAccess(CallerAuthenticator auth, ServerCallContext context, TimeProvider time, TimeSpan interval, Func<UserPrincipal, bool> mayFollow, Func<RpcException> lost)
    {
        _auth = auth;
        _context = context;
        _time = time;
        _interval = interval;
        _mayFollow = mayFollow;
        _lost = lost;
        _checkedAt = time.GetTimestamp();
    }

    /// <summary>The longest a grain wait may last so that the stream wakes when the next check is due.</summary>
    public TimeSpan Bound(TimeSpan wait)
    {
        var left = _interval - _time.GetElapsedTime(_checkedAt);
        return left >= wait ? wait : left > ShortestWait ? left : ShortestWait;
    }

    /// <summary>
    /// Authenticates the call's token again and asks whether the caller may still follow, when the last check is at least
    /// an interval old; throws the RpcException a new call would get (UNAUTHENTICATED, NOT_FOUND) when not.
    /// </summary>
    public async ValueTask EnsureAsync()
    {
        if (_time.GetElapsedTime(_checkedAt) < _interval)
        {
            return;
        }

        // The clock restarts from before the look, so the next one is never later than an interval after what it saw.
        var started = _time.GetTimestamp();
        var caller = await _auth.AuthenticateUserAsync(_context.RequestHeaders, _context.CancellationToken);
        if (!_mayFollow(caller))
        {
            throw _lost();
        }

        _checkedAt = started;
    }
}
