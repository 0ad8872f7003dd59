using Google.Rpc;
using Grpc.Core;

namespace Nmpi.Client;

/// <summary>A call the platform refused or could not answer, with its machine-readable reason and the field it concerns.</summary>
public sealed class NmpiException : Exception
{
    public NmpiException()
    {
    }

    public NmpiException(string message)
        : base(message)
    {
    }

    public NmpiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private NmpiException(RpcException rpc, string? reason, string? field, IReadOnlyList<FieldProblem> problems)
        : base(rpc.Status.Detail, rpc)
    {
        StatusCode = rpc.StatusCode;
        Reason = reason;
        Field = field;
        Problems = problems;
    }

    /// <summary>The gRPC status code.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>The platform's reason (google.rpc.ErrorInfo), e.g. JOB_NOT_FOUND; null when the platform gave none.</summary>
    public string? Reason { get; }

    /// <summary>The request field the error concerns, e.g. hardware_platform; null when none.</summary>
    public string? Field { get; }

    /// <summary>Every field the platform found wrong, with what is wrong with it.</summary>
    public IReadOnlyList<FieldProblem> Problems { get; } = [];

    /// <summary>Wraps a failed call, reading the rich error details the gateway attaches.</summary>
    public static NmpiException From(RpcException rpc)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        var status = rpc.GetRpcStatus();
        var info = status?.GetDetail<ErrorInfo>();
        var badRequest = status?.GetDetail<BadRequest>();
        string? field = null;
        info?.Metadata.TryGetValue("field", out field);
        var problems = badRequest?.FieldViolations.Select(v => new FieldProblem(v.Field, v.Description)).ToArray() ?? [];
        return new NmpiException(rpc, info?.Reason, field, problems);
    }
}
