using Microsoft.Extensions.Time.Testing;
using Nmpi.Gateway.Auth;

namespace Nmpi.Cluster.Tests.Startup;

/// <summary>The gateway's memory of positive credential answers, which stands in only while the cluster cannot answer.</summary>
public sealed class LastGoodAnswersTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryRecall_WithinItsLifetime_GivesTheAnswerAndItsAge()
    {
        var answers = new LastGoodAnswers<string>(_time);
        answers.Remember("token:a", "alice");
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(answers.TryRecall("token:a", TimeSpan.FromSeconds(30), out var value, out var age));
        Assert.Equal("alice", value);
        Assert.Equal(TimeSpan.FromSeconds(10), age);
    }

    [Fact]
    public void TryRecall_PastItsLifetime_GivesNothing()
    {
        var answers = new LastGoodAnswers<string>(_time);
        answers.Remember("token:a", "alice");
        _time.Advance(TimeSpan.FromSeconds(31));

        Assert.False(answers.TryRecall("token:a", TimeSpan.FromSeconds(30), out _, out _));
    }

    [Fact]
    public void TryRecall_AfterTheClusterSaidNo_GivesNothing()
    {
        var answers = new LastGoodAnswers<string>(_time);
        answers.Remember("token:a", "alice");
        answers.Forget("token:a");

        Assert.False(answers.TryRecall("token:a", TimeSpan.FromSeconds(30), out _, out _));
    }

    [Fact]
    public void TryRecall_WithAZeroLifetime_GivesNothing()
    {
        var answers = new LastGoodAnswers<string>(_time);
        answers.Remember("token:a", "alice");

        Assert.False(answers.TryRecall("token:a", TimeSpan.Zero, out _, out _));
    }

    [Fact]
    public void Remember_WhenFull_StartsAfresh()
    {
        var answers = new LastGoodAnswers<string>(_time, capacity: 2);
        answers.Remember("a", "1");
        answers.Remember("b", "2");
        answers.Remember("c", "3");

        Assert.False(answers.TryRecall("a", TimeSpan.FromSeconds(30), out _, out _));
        Assert.True(answers.TryRecall("c", TimeSpan.FromSeconds(30), out _, out _));
    }
}
