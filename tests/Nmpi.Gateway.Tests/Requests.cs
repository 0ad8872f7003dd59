using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.V1;

namespace Nmpi.Gateway.Tests;

/// <summary>Well-formed requests the tests start from and then break one field at a time.</summary>
internal static class Requests
{
    public static SubmitJobRequest Submit(string platform = "BrainScaleS", string config = "{}") => new()
    {
        RequestId = "req-0001.a:b",
        Code = new JobCode { Inline = "import pyNN\nprint('hello')\n" },
        HardwarePlatform = platform,
        HardwareConfig = Json(config),
        Collab = "neuro-lab",
        InputData = { "https://example.org/data/spikes.npz" },
        Tags = { "first", "test" },
        WallTimeLimit = Duration.FromTimeSpan(TimeSpan.FromHours(2)),
    };

    public static Struct Json(string json) => JsonParser.Default.Parse<Struct>(json);
}
