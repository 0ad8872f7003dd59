using Nmpi.Api.V1;
using Nmpi.Gateway.Validation;
using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Gateway.Jobs;

/// <summary>Builds the grain's JobSpec from a validated submit; the owner comes from the token, never the request.</summary>
public static class JobSpecMapper
{
    public static JobSpec ToSpec(SubmitJobRequest request, string userId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (source, code) = request.Code.SourceCase switch
        {
            JobCode.SourceOneofCase.Inline => (CodeSource.Inline, request.Code.Inline),
            JobCode.SourceOneofCase.ArtifactId => (CodeSource.Artifact, request.Code.ArtifactId),
            JobCode.SourceOneofCase.GitUrl => (CodeSource.Git, request.Code.GitUrl),
            JobCode.SourceOneofCase.ArchiveUrl => (CodeSource.Archive, request.Code.ArchiveUrl),
            _ => throw new ArgumentException("The request has no code source; validate it first.", nameof(request)),
        };

        return new JobSpec
        {
            RequestId = request.RequestId,
            CodeSource = source,
            Code = code,
            Command = string.IsNullOrWhiteSpace(request.Command) ? SubmitJobValidator.DefaultCommand : request.Command,
            InputData = [.. request.InputData],
            Platform = request.HardwarePlatform,
            HardwareConfigJson = StructJson.ToJson(request.HardwareConfig),
            Collab = request.Collab,
            UserId = userId,
            Tags = [.. request.Tags.Distinct(StringComparer.Ordinal)],
            WallTimeLimit = request.WallTimeLimit?.ToTimeSpan(),
        };
    }

    public static JobCode ToWire(CodeSource source, string code) => source switch
    {
        CodeSource.Inline => new JobCode { Inline = code },
        CodeSource.Artifact => new JobCode { ArtifactId = code },
        CodeSource.Git => new JobCode { GitUrl = code },
        CodeSource.Archive => new JobCode { ArchiveUrl = code },
        _ => new JobCode(),
    };
}
