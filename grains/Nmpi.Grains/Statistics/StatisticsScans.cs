using System.Globalization;
using Microsoft.Extensions.Options;
using Nmpi.GrainInterfaces.Statistics;

namespace Nmpi.Grains.Statistics;

/// <summary>
/// The silo's statistics answers and the limits on computing them: an answer is reused for <see cref="StatisticsOptions.CacheFor"/>
/// (callers asking the same question at once share one scan), at most <see cref="StatisticsOptions.MaxQuestions"/> distinct
/// questions are computed per cache period, and at most <see cref="StatisticsOptions.MaxConcurrentScans"/> scans run at once.
/// </summary>
/// <remarks>One per silo: every activation of the stateless statistics grain shares it.</remarks>
public sealed class StatisticsScans
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTimeOffset Until, Task<object> Answer)> _answers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots;
    private readonly StatisticsOptions _options;
    private readonly TimeProvider _time;
    private int _started;

    /// <summary>Creates the limits from the options.</summary>
    public StatisticsScans(IOptions<StatisticsOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _slots = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrentScans));
    }

    /// <summary>How many scans have started since the silo started (each question that was not answered from the cache).</summary>
    public int Started => Volatile.Read(ref _started);

    /// <summary>The answer to the question <paramref name="key"/>: cached, shared with a scan in progress, or computed by <paramref name="compute"/>.</summary>
    /// <exception cref="StatisticsBusyException">Too many new questions in this cache period, or no scan slot came free in time.</exception>
    public async Task<T> AnswerAsync<T>(string key, Func<Task<T>> compute)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(compute);
        TaskCompletionSource<object>? mine = null;
        Task<object> answer;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_answers.TryGetValue(key, out var cached) && cached.Until > now)
            {
                answer = cached.Answer;
            }
            else
            {
                mine = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
                answer = mine.Task;
                if (_options.CacheFor > TimeSpan.Zero)
                {
                    Admit(key, now, answer);
                }
            }
        }

        if (mine is not null)
        {
            await ScanAsync(key, compute, mine);
        }

        return (T)await answer;
    }

    // Called under the lock: drops expired answers, then refuses a new question when the period's budget is spent.
    private void Admit(string key, DateTimeOffset now, Task<object> answer)
    {
        foreach (var stale in _answers.Where(a => a.Value.Until <= now).Select(a => a.Key).ToList())
        {
            _answers.Remove(stale);
        }

        if (_answers.Count >= _options.MaxQuestions)
        {
            var wait = _answers.Values.Min(a => a.Until) - now;
            throw Busy($"Too many different statistics questions in a short time (at most {_options.MaxQuestions} per {_options.CacheFor.TotalSeconds:0} s)", wait);
        }

        _answers[key] = (now + _options.CacheFor, answer);
    }

    private async Task ScanAsync<T>(string key, Func<Task<T>> compute, TaskCompletionSource<object> answer)
        where T : class
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.MaxWait, _time);
            try
            {
                await _slots.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw Busy($"The statistics are busy ({_options.MaxConcurrentScans} computations at once)", _options.MaxWait);
            }

            try
            {
                Interlocked.Increment(ref _started);
                answer.SetResult(await compute());
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (Exception e)
        {
            // A failed question is not remembered: asking again computes it again.
            lock (_gate)
            {
                if (_answers.TryGetValue(key, out var cached) && cached.Answer == answer.Task)
                {
                    _answers.Remove(key);
                }
            }

            answer.SetException(e);
        }
    }

    private static StatisticsBusyException Busy(string why, TimeSpan wait)
    {
        var seconds = Math.Max(1, Math.Ceiling(wait.TotalSeconds));
        return new StatisticsBusyException(string.Create(CultureInfo.InvariantCulture, $"{why}; retry in {seconds:0} s."), seconds);
    }
}
