using System.Collections.Concurrent;

namespace Nmpi.Gateway.Auth;

/// <summary>
/// The last positive answer to each credential lookup and when it was given, to stand in while the cluster cannot
/// answer. Bounded: when full it starts afresh rather than tracking use.
/// </summary>
public sealed class LastGoodAnswers<T>(TimeProvider time, int capacity = 100_000)
    where T : class
{
    private readonly ConcurrentDictionary<string, (T Value, DateTimeOffset At)> _answers = new(StringComparer.Ordinal);

    /// <summary>Remembers a positive answer.</summary>
    public void Remember(string key, T value)
    {
        if (_answers.Count >= capacity)
        {
            _answers.Clear();
        }

        _answers[key] = (value, time.GetUtcNow());
    }

    /// <summary>Forgets the answer (the cluster said no: revoked, disabled, unknown).</summary>
    public void Forget(string key) => _answers.TryRemove(key, out _);

    /// <summary>The remembered answer when it is at most <paramref name="maxAge"/> old, with its age.</summary>
    public bool TryRecall(string key, TimeSpan maxAge, out T value, out TimeSpan age)
    {
        if (maxAge > TimeSpan.Zero && _answers.TryGetValue(key, out var answer) && time.GetUtcNow() - answer.At is var old && old <= maxAge)
        {
            value = answer.Value;
            age = old;
            return true;
        }

        value = null!;
        age = TimeSpan.Zero;
        return false;
    }
}
