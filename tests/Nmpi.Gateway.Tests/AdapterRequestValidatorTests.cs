using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.V1;
using Nmpi.Gateway.Validation;

namespace Nmpi.Gateway.Tests;

public sealed class AdapterRequestValidatorTests
{
    private static readonly LeaseRef Lease = new() { JobId = 7, Epoch = 1 };

    [Theory]
    [InlineData("results/spikes.npz")]
    [InlineData("a")]
    [InlineData("deep/er/file name.txt")]
    [InlineData("..hidden/ok")]
    public void OutputPath_RelativeInside_Passes(string path) => Assert.Null(AdapterRequestValidator.OutputPath(path));

    [Theory]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    [InlineData("../escape")]
    [InlineData("a/../../b")]
    [InlineData("a/./b")]
    [InlineData("a//b")]
    [InlineData("a\\b")]
    [InlineData("\\\\server\\share")]
    [InlineData("bad\nname")]
    public void OutputPath_EscapingOrMalformed_IsRefused(string path) => Assert.NotNull(AdapterRequestValidator.OutputPath(path));

    [Fact]
    public void OutputPath_Over1024Characters_IsRefused()
    {
        Assert.Null(AdapterRequestValidator.OutputPath(new string('a', 1024)));
        Assert.NotNull(AdapterRequestValidator.OutputPath(new string('a', 1025)));
    }

    [Theory]
    [InlineData(0, "capacity")]
    [InlineData(1001, "capacity")]
    public void Register_CapacityOutOfRange_NamesCapacity(int capacity, string field)
    {
        var request = new RegisterAdapterRequest { Name = "wafer-1", HardwarePlatform = "BrainScaleS", Capacity = capacity };
        Assert.Equal(field, Assert.Single(AdapterRequestValidator.Validate(request)).Field);
    }

    [Fact]
    public void Register_BadNameAndPlatform_NamesBoth()
    {
        var request = new RegisterAdapterRequest { Name = "a/b", HardwarePlatform = "brainscales", Capacity = 1 };
        Assert.Equal(["name", "hardware_platform"], AdapterRequestValidator.Validate(request).Select(v => v.Field));
    }

    [Theory]
    [InlineData(0, 10, "max_jobs")]
    [InlineData(101, 10, "max_jobs")]
    [InlineData(5, 61, "wait")]
    [InlineData(5, -1, "wait")]
    public void Lease_OutOfRange_NamesTheField(int max, int waitSeconds, string field)
    {
        var request = new LeaseJobsRequest { AdapterId = "heidelberg/w1", MaxJobs = max, Wait = Duration.FromTimeSpan(TimeSpan.FromSeconds(waitSeconds)) };
        Assert.Equal(field, Assert.Single(AdapterRequestValidator.Validate(request)).Field);
    }

    [Fact]
    public void Lease_HugeWait_IsAFieldViolationNotAnOverflow()
    {
        var request = new LeaseJobsRequest { AdapterId = "h/w", MaxJobs = 1, Wait = new Duration { Seconds = long.MinValue } };
        Assert.Equal("wait", Assert.Single(AdapterRequestValidator.Validate(request)).Field);
    }

    [Fact]
    public void Lease_WithinLimits_Passes()
    {
        Assert.Empty(AdapterRequestValidator.Validate(new LeaseJobsRequest { AdapterId = "h/w", MaxJobs = 100, Wait = Duration.FromTimeSpan(TimeSpan.FromSeconds(60)) }));
        Assert.Empty(AdapterRequestValidator.Validate(new LeaseJobsRequest { AdapterId = "h/w", MaxJobs = 1 }));
    }

    [Fact]
    public void AppendLog_NegativeSeqAndOversizeText_NamesBoth()
    {
        var request = new AppendLogRequest { Lease = Lease, Seq = -1, Text = new string('x', 1024 * 1024 + 1) };
        Assert.Equal(["seq", "text"], AdapterRequestValidator.Validate(request).Select(v => v.Field));
        Assert.Empty(AdapterRequestValidator.Validate(new AppendLogRequest { Lease = Lease, Seq = 0, Text = new string('x', 1024 * 1024) }));
    }

    [Fact]
    public void Reports_WithoutALease_NameTheLease()
    {
        Assert.Equal("lease", Assert.Single(AdapterRequestValidator.Validate(new JobReport())).Field);
        Assert.Equal("leases[1]", Assert.Single(AdapterRequestValidator.Validate(new HeartbeatRequest { Leases = { Lease, new LeaseRef() } })).Field);
    }

    [Theory]
    [InlineData("text/plain", true)]
    [InlineData("application/vnd.hdf5; charset=binary", true)]
    [InlineData("", true)]
    [InlineData("text", false)]
    [InlineData("text/html\r\nX-Evil: 1", false)]
    public void UploadHeader_ContentType_MustBeAMediaType(string contentType, bool ok)
    {
        var violations = AdapterRequestValidator.Validate(new UploadOutputHeader { Lease = Lease, Path = "out.txt", ContentType = contentType });
        Assert.Equal(ok, violations.Count == 0);
    }

    [Fact]
    public void Complete_UnspecifiedOutcomeAndNegativeUsage_NamesBoth()
    {
        var request = new CompleteJobRequest { Lease = Lease, ResourceUsage = new ResourceUsage { Value = -1, Units = "hours" } };
        Assert.Equal(["outcome", "resource_usage.value"], AdapterRequestValidator.Validate(request).Select(v => v.Field));
    }

    [Fact]
    public void EditValidators_CommentAndTags()
    {
        Assert.Equal("text", Assert.Single(JobEditValidator.Validate(new AddCommentRequest { Id = 1, Text = "  " })).Field);
        Assert.Equal("text", Assert.Single(JobEditValidator.Validate(new AddCommentRequest { Id = 1, Text = new string('c', 10_001) })).Field);
        Assert.Empty(JobEditValidator.Validate(new AddCommentRequest { Id = 1, Text = new string('c', 10_000) }));
        Assert.Equal("remove[0]", Assert.Single(JobEditValidator.Validate(new UpdateTagsRequest { Id = 1, Add = { "ok" }, Remove = { "" } })).Field);
        Assert.Equal("add", Assert.Single(JobEditValidator.Validate(new UpdateTagsRequest { Id = 1 })).Field);
    }
}
