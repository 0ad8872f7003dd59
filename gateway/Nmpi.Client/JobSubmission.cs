using System.Text.Json.Nodes;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.V1;

namespace Nmpi.Client;

/// <summary>Everything a job needs: its code, where it runs, who pays, and how it is started.</summary>
public sealed record JobSubmission
{
    /// <summary>The job's code.</summary>
    public required JobSource Source { get; init; }

    /// <summary>The hardware platform: BrainScaleS, SpiNNaker, BrainScaleS-ESS or Spikey.</summary>
    public required string Platform { get; init; }

    /// <summary>The collab the job is charged to.</summary>
    public required string Collab { get; init; }

    /// <summary>The command, run in the job's directory; {system} becomes the site's PyNN backend.</summary>
    public string Command { get; init; } = "run.py {system}";

    /// <summary>URLs of input files the site downloads into the job's directory.</summary>
    public IReadOnlyList<string> InputData { get; init; } = [];

    /// <summary>The platform-specific hardware configuration (keys per platform: see docs/api.md).</summary>
    public JsonObject? HardwareConfig { get; init; }

    /// <summary>Tags to find the job by.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>A wall-time limit below the platform's.</summary>
    public TimeSpan? WallTimeLimit { get; init; }

    /// <summary>The idempotency key: a retry with the same id never submits twice. Made for you when absent.</summary>
    public string? RequestId { get; init; }

    internal SubmitJobRequest ToRequest(string requestId)
    {
        var request = new SubmitJobRequest
        {
            RequestId = requestId,
            Code = Source.ToCode(),
            Command = Command,
            HardwarePlatform = Platform,
            Collab = Collab,
        };
        request.InputData.AddRange(InputData);
        request.Tags.AddRange(Tags);
        if (HardwareConfig is not null)
        {
            request.HardwareConfig = Struct.Parser.ParseJson(HardwareConfig.ToJsonString());
        }

        if (WallTimeLimit is { } limit)
        {
            request.WallTimeLimit = Duration.FromTimeSpan(limit);
        }

        return request;
    }
}
