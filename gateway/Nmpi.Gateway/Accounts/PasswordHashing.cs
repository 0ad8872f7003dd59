using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Nmpi.Gateway.Errors;
using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Gateway.Accounts;

/// <summary>
/// Computes password hashes (PBKDF2, deliberately slow) on a few threads of its own with a bounded queue, so sign-in
/// bursts cannot take the thread pool that serves every other call; a full queue is refused with RESOURCE_EXHAUSTED.
/// </summary>
public sealed class PasswordHashing : IDisposable
{
    // One decoy per iteration count per process: checking an unknown username costs one hash, like a wrong password.
    private static readonly ConcurrentDictionary<int, Lazy<string>> Decoys = new();

    private readonly BlockingCollection<Action> _queue;
    private readonly Thread[] _threads;
    private readonly int _iterations;
    private readonly IPasswordHashGate? _gate;
    private long _computed;

    /// <summary>Starts the hashing threads; <paramref name="gate"/> is for tests only (none is registered in production).</summary>
    public PasswordHashing(IOptions<AccountOptions> options, IPasswordHashGate? gate = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _gate = gate;
        var settings = options.Value;
        _iterations = settings.PasswordIterations;
        _queue = new BlockingCollection<Action>(Math.Max(1, settings.PasswordHashQueue));
        var count = settings.PasswordHashThreads > 0 ? settings.PasswordHashThreads : Math.Max(1, Environment.ProcessorCount / 2);
        _threads = [.. Enumerable.Range(0, count).Select(i => new Thread(Work) { IsBackground = true, Name = $"password-hash-{i}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    /// <summary>How many hashes this process computed (checks and new hashes alike): the cost of sign-in, counted, not timed.</summary>
    public long Computed => Interlocked.Read(ref _computed);

    /// <summary>Hashes waiting for a thread now (at most Nmpi:Accounts:PasswordHashQueue; beyond, calls are refused).</summary>
    public int Waiting => _queue.Count;

    /// <summary>True when the password matches the stored hash; with no stored hash it checks a decoy, at the same cost, and is false.</summary>
    public Task<bool> VerifyAsync(string password, string? stored) => RunAsync(() =>
    {
        var matches = PasswordHash.Verify(password, stored ?? Decoy(_iterations));
        return matches && stored is not null;
    });

    /// <summary>A new hash of the password with the configured iteration count.</summary>
    public Task<string> CreateAsync(string password) => RunAsync(() => PasswordHash.Create(password, _iterations));

    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join(TimeSpan.FromSeconds(5));
        }

        _queue.Dispose();
    }

    private Task<T> RunAsync<T>(Func<T> hash)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = _queue.TryAdd(() =>
        {
            try
            {
                done.SetResult(hash());
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                done.SetException(e);
            }
            finally
            {
                Interlocked.Increment(ref _computed);
            }
        });
        return queued ? done.Task : throw GatewayErrors.RetryLater(ErrorReasons.SignInBusy, TimeSpan.FromSeconds(1), "Too many password checks at once.");
    }

    private void Work()
    {
        foreach (var job in _queue.GetConsumingEnumerable())
        {
            _gate?.Pass();
            job();
        }
    }

    private static string Decoy(int iterations) =>
        Decoys.GetOrAdd(iterations, n => new Lazy<string>(() => PasswordHash.Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)), n))).Value;
}
