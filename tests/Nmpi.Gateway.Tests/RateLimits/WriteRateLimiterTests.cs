using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.RateLimits;

namespace Nmpi.Gateway.Tests.RateLimits;

public sealed class WriteRateLimiterTests
{
    private const string Submit = "/nmpi.v1.Jobs/SubmitJob";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("/nmpi.v1.Jobs/SubmitJob", true)]
    [InlineData("/nmpi.v1.Jobs/CancelJob", true)]
    [InlineData("/nmpi.v1.Jobs/AddComment", true)]
    [InlineData("/nmpi.v1.Jobs/CreateCodeBundle", true)]
    [InlineData("/nmpi.v1.Jobs/GetJob", false)]
    [InlineData("/nmpi.v1.Jobs/ListJobs", false)]
    [InlineData("/nmpi.v1.Jobs/WatchJob", false)]
    [InlineData("/nmpi.v1.Jobs/FollowJobLog", false)]
    [InlineData("/nmpi.v1.Jobs/DownloadOutput", false)]
    [InlineData("/nmpi.v1.Jobs/FindMissingBlobs", false)]
    [InlineData("/nmpi.v1.Jobs/UploadBlob", false)]
    [InlineData("/nmpi.v1.Future/SomethingNew", true)]
    public void IsWrite_CountsEveryMethodButReadsAndBlobUploads(string method, bool write) =>
        Assert.Equal(write, WriteRateLimiter.IsWrite(method));

    [Fact]
    public void Admit_AfterTheBurst_RefusesWithResourceExhaustedAndARetryHint()
    {
        var limiter = Limiter(burst: 3, perSecond: 2);
        for (var i = 0; i < 3; i++)
        {
            limiter.Admit("alice", Submit);
        }

        var refused = Assert.Throws<RpcException>(() => limiter.Admit("alice", Submit));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        var status = refused.GetRpcStatus()!;
        Assert.Equal(ErrorReasons.RateLimited, status.GetDetail<ErrorInfo>().Reason);
        Assert.Equal(TimeSpan.FromMilliseconds(500), status.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
        Assert.Contains("retry in 0.5 s", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Admit_AfterWaitingTheHint_AdmitsAgain()
    {
        var limiter = Limiter(burst: 1, perSecond: 4);
        limiter.Admit("alice", Submit);
        Assert.Throws<RpcException>(() => limiter.Admit("alice", Submit));

        _time.Advance(TimeSpan.FromMilliseconds(250));

        limiter.Admit("alice", Submit);
        Assert.Throws<RpcException>(() => limiter.Admit("alice", Submit));
    }

    [Fact]
    public void Admit_CountsEachUserSeparately()
    {
        var limiter = Limiter(burst: 1, perSecond: 1);
        limiter.Admit("alice", Submit);

        limiter.Admit("bob", Submit);

        Assert.Throws<RpcException>(() => limiter.Admit("alice", Submit));
    }

    [Fact]
    public void Admit_NeverLimitsReads()
    {
        var limiter = Limiter(burst: 1, perSecond: 1);
        limiter.Admit("alice", Submit);

        for (var i = 0; i < 1000; i++)
        {
            limiter.Admit("alice", "/nmpi.v1.Jobs/GetJob");
        }
    }

    [Fact]
    public void Bucket_RefillsNoMoreThanItsBurst()
    {
        var bucket = new TokenBucket(burst: 2, perSecond: 10, _time.GetUtcNow());
        _time.Advance(TimeSpan.FromHours(1));

        Assert.True(bucket.TryTake(_time.GetUtcNow(), out _));
        Assert.True(bucket.TryTake(_time.GetUtcNow(), out _));
        Assert.False(bucket.TryTake(_time.GetUtcNow(), out var retry));
        Assert.Equal(TimeSpan.FromMilliseconds(100), retry);
    }

    [Fact]
    public void Bucket_WhenTheClockStepsBack_NeitherRefillsNorDrains()
    {
        var bucket = new TokenBucket(burst: 1, perSecond: 1, _time.GetUtcNow());
        Assert.True(bucket.TryTake(_time.GetUtcNow(), out _));

        Assert.False(bucket.TryTake(_time.GetUtcNow() - TimeSpan.FromMinutes(5), out _));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(bucket.TryTake(_time.GetUtcNow(), out _));
    }

    private WriteRateLimiter Limiter(int burst, double perSecond) =>
        new(Options.Create(new WriteRateLimitOptions { Burst = burst, PerSecond = perSecond }), _time);
}
