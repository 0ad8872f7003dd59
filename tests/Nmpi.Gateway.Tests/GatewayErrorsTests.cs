using Google.Rpc;
using Grpc.Core;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.Validation;
using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Gateway.Tests;

public sealed class GatewayErrorsTests
{
    [Theory]
    [InlineData(JobRejection.NotFound, StatusCode.NotFound, "JOB_NOT_FOUND")]
    [InlineData(JobRejection.InvalidTransition, StatusCode.FailedPrecondition, "INVALID_TRANSITION")]
    [InlineData(JobRejection.StaleLease, StatusCode.FailedPrecondition, "STALE_LEASE")]
    [InlineData(JobRejection.RequestIdReused, StatusCode.AlreadyExists, "REQUEST_ID_REUSED")]
    [InlineData(JobRejection.InvalidArgument, StatusCode.InvalidArgument, "INVALID_ARGUMENT_FIELD")]
    [InlineData(JobRejection.LimitExceeded, StatusCode.ResourceExhausted, "LIMIT_EXCEEDED")]
    public void FromRejection_MapsCodeAndReason(JobRejection rejection, StatusCode code, string reason)
    {
        var e = GatewayErrors.FromRejection(new JobRejectedException(rejection, "The job said no.", "tags[0]"));

        Assert.Equal(code, e.StatusCode);
        var status = e.GetRpcStatus()!;
        Assert.Contains("The job said no.", status.Message, StringComparison.Ordinal);
        var info = status.GetDetail<ErrorInfo>()!;
        Assert.Equal(reason, info.Reason);
        Assert.Equal("nmpi.v1", info.Domain);
    }

    [Fact]
    public void FromRejection_InvalidArgument_CarriesTheGrainsField()
    {
        var e = GatewayErrors.FromRejection(new JobRejectedException(JobRejection.InvalidArgument, "too many tags", "tags"));

        var violation = Assert.Single(e.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal(("tags", "too many tags"), (violation.Field, violation.Description));
        Assert.Equal("tags", e.GetRpcStatus()!.GetDetail<ErrorInfo>()!.Metadata["field"]);
    }

    [Fact]
    public void InvalidArgument_ListsEveryViolation()
    {
        var e = GatewayErrors.InvalidArgument([new FieldViolation("request_id", "too short"), new FieldViolation("code.inline", "empty")]);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        var status = e.GetRpcStatus()!;
        Assert.Equal(["request_id", "code.inline"], status.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field));
        Assert.Equal("INVALID_ARGUMENT_FIELD", status.GetDetail<ErrorInfo>()!.Reason);
        Assert.Contains("request_id", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Internal_AndUnavailable_SayNothingAboutTheCause()
    {
        Assert.Equal(StatusCode.Internal, GatewayErrors.Internal().StatusCode);
        Assert.Equal("Internal error.", GatewayErrors.Internal().Status.Detail);
        Assert.Equal(StatusCode.Unavailable, GatewayErrors.Unavailable().StatusCode);
        Assert.Equal("CLUSTER_UNAVAILABLE", GatewayErrors.Unavailable().GetRpcStatus()!.GetDetail<ErrorInfo>()!.Reason);
    }
}
