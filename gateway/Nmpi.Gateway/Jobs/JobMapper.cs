using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Nmpi.Gateway.Outputs;
using Grain = Nmpi.GrainInterfaces.Jobs;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Jobs;

/// <summary>Maps a job snapshot to the wire Job, with fresh capability URLs on its outputs.</summary>
public sealed class JobMapper(CapabilityUrls urls, ILogger<JobMapper> logger)
{
    public Wire.Job ToWire(Grain.JobSnapshot job, GrainInterfaces.Scheduling.WaitInfo? wait = null, string? log = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        var spec = job.Spec;
        var wire = new Wire.Job
        {
            Id = job.Id,
            Code = JobSpecMapper.ToWire(spec.CodeSource, spec.Code),
            Command = spec.Command,
            HardwarePlatform = spec.Platform,
            HardwareConfig = ParseStored(job.Id, spec.HardwareConfigJson),
            Collab = spec.Collab,
            UserId = spec.UserId,
            Status = StatusMapper.ToWire(job.Status),
            TimestampSubmission = Timestamp.FromDateTimeOffset(job.SubmittedAt),
            Provenance = ParseStored(job.Id, job.ProvenanceJson),
            Attempt = job.Attempt,
            Log = log ?? "",
        };
        wire.InputData.AddRange(spec.InputData);
        wire.Tags.AddRange(job.Tags);
        wire.OutputData.AddRange(job.Outputs.Select(o => ToWire(job.Id, o)));
        wire.Comments.AddRange(job.Comments.Select(ToWire));
        wire.History.AddRange(job.History.Select(t => new Wire.Transition
        {
            From = t.From is { } from ? StatusMapper.ToWire(from) : Wire.JobStatus.Unspecified,
            To = StatusMapper.ToWire(t.To),
            At = Timestamp.FromDateTimeOffset(t.At),
            By = t.By,
            Why = t.Why,
        }));

        if (job.StartedAt is { } started)
        {
            wire.TimestampStart = Timestamp.FromDateTimeOffset(started);
        }

        if (job.CompletedAt is { } completed)
        {
            wire.TimestampCompletion = Timestamp.FromDateTimeOffset(completed);
        }

        if (job.ResourceUsage is { } usage)
        {
            wire.ResourceUsage = new Wire.ResourceUsage { Value = usage.Value, Units = usage.Units };
        }

        if (job.FailureReason != Grain.FailureReason.None || !string.IsNullOrEmpty(job.FailureMessage))
        {
            wire.Failure = new Wire.Failure { Reason = StatusMapper.ToWire(job.FailureReason), Message = job.FailureMessage ?? "" };
        }

        if (spec.WallTimeLimit is { } limit)
        {
            wire.WallTimeLimit = Duration.FromTimeSpan(limit);
        }

        if (wait is not null)
        {
            wire.Wait = new Wire.WaitInfo { Reason = StatusMapper.ToWire(wait.Reason), Position = wait.Position, Message = wait.Message };
        }

        return wire;
    }

    public Wire.OutputFile ToWire(long jobId, Grain.OutputFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var (url, expiresAt) = urls.Create(jobId, file);
        return new Wire.OutputFile
        {
            Path = file.Path,
            Size = file.Size,
            ContentType = file.ContentType,
            Sha256 = file.Sha256,
            Url = url,
            UrlExpiresAt = Timestamp.FromDateTimeOffset(expiresAt),
        };
    }

    public static Wire.Comment ToWire(Grain.JobComment comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        return new Wire.Comment
        {
            Id = comment.Id,
            UserId = comment.UserId,
            Text = comment.Text,
            CreatedAt = Timestamp.FromDateTimeOffset(comment.CreatedAt),
        };
    }

    public static Wire.LogChunk ToWire(Grain.LogChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return new Wire.LogChunk { Seq = chunk.Seq, Text = chunk.Text, WrittenAt = Timestamp.FromDateTimeOffset(chunk.WrittenAt) };
    }

    // A malformed stored object must not fail the whole read; the job is still worth showing.
    private Struct ParseStored(long jobId, string json)
    {
        if (StructJson.TryParse(json) is { } parsed)
        {
            return parsed;
        }

        GatewayLog.BadStoredJson(logger, jobId);
        return new Struct();
    }
}
