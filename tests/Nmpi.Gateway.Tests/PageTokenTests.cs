using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.V1;
using Nmpi.Gateway.Jobs;
using Nmpi.Gateway.Validation;

namespace Nmpi.Gateway.Tests;

public sealed class PageTokenTests
{
    [Theory]
    [InlineData(1L)]
    [InlineData(12345L)]
    [InlineData(long.MaxValue)]
    public void Decode_OfEncode_ReturnsTheId(long id)
    {
        Assert.True(PageToken.TryDecode(PageToken.Encode(id), out var decoded));
        Assert.Equal(id, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("AAAAAAAAAAAA")]
    [InlineData("AgAAAAAAAAAB")]
    [InlineData("AQAAAAAAAAAB==")]
    [InlineData("AQAAAAAAAAAAAA")]
    [InlineData("!QAAAAAAAAAB")]
    public void Decode_Garbage_IsRejected(string token)
    {
        Assert.False(PageToken.TryDecode(token, out _));
    }

    [Fact]
    public void ListJobsValidator_GarbageToken_IsAFieldViolation()
    {
        var violation = Assert.Single(ListJobsValidator.Validate(new ListJobsRequest { PageToken = "garbage" }));
        Assert.Equal("page_token", violation.Field);
    }

    [Fact]
    public void ListJobsValidator_TokenFromEncode_Passes()
    {
        Assert.Empty(ListJobsValidator.Validate(new ListJobsRequest { PageToken = PageToken.Encode(99), PageSize = 500 }));
    }

    [Theory]
    [InlineData("page size negative", "page_size")]
    [InlineData("page size over 500", "page_size")]
    [InlineData("unspecified status", "status[0]")]
    [InlineData("unknown status", "status[1]")]
    [InlineData("time range reversed", "submitted_before")]
    [InlineData("time range empty", "submitted_before")]
    [InlineData("bad timestamp", "submitted_after")]
    [InlineData("platform wrong case", "hardware_platform")]
    [InlineData("collab with slash", "collab")]
    [InlineData("tag too long", "tag")]
    public void ListJobsValidator_MalformedRequest_NamesTheField(string breakage, string field)
    {
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var request = new ListJobsRequest();
        switch (breakage)
        {
            case "page size negative": request.PageSize = -1; break;
            case "page size over 500": request.PageSize = 501; break;
            case "unspecified status": request.Status.Add(JobStatus.Unspecified); break;
            case "unknown status": request.Status.Add(JobStatus.Running); request.Status.Add((JobStatus)99); break;
            case "time range reversed":
                request.SubmittedAfter = Timestamp.FromDateTimeOffset(now);
                request.SubmittedBefore = Timestamp.FromDateTimeOffset(now.AddDays(-1));
                break;
            case "time range empty":
                request.SubmittedAfter = Timestamp.FromDateTimeOffset(now);
                request.SubmittedBefore = Timestamp.FromDateTimeOffset(now);
                break;
            case "bad timestamp": request.SubmittedAfter = new Timestamp { Seconds = 1, Nanos = -1 }; break;
            case "platform wrong case": request.HardwarePlatform = "SPIKEY"; break;
            case "collab with slash": request.Collab = "a/b"; break;
            case "tag too long": request.Tag = new string('t', 65); break;
        }

        Assert.Equal(field, Assert.Single(ListJobsValidator.Validate(request)).Field);
    }
}
