using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.V1;
using Nmpi.Gateway.Validation;

namespace Nmpi.Gateway.Tests;

public sealed class SubmitJobValidatorTests
{
    private static readonly Dictionary<string, Action<SubmitJobRequest>> Breakages = new()
    {
        ["request id empty"] = r => r.RequestId = "",
        ["request id too short"] = r => r.RequestId = "abc1234",
        ["request id too long"] = r => r.RequestId = new string('a', 129),
        ["request id with space"] = r => r.RequestId = "abc 12345",
        ["request id with slash"] = r => r.RequestId = "abc/12345",
        ["request id with a trailing newline"] = r => r.RequestId = "abc12345\n",
        ["collab with a trailing newline"] = r => r.Collab = "neuro\n",
        ["artifact id with a trailing newline"] = r => r.Code = new JobCode { ArtifactId = "cb-abc\n" },
        ["no code"] = r => r.Code = null,
        ["code without a source"] = r => r.Code = new JobCode(),
        ["inline empty"] = r => r.Code = new JobCode { Inline = "" },
        ["inline whitespace"] = r => r.Code = new JobCode { Inline = " \n\t" },
        ["inline over 1 MiB"] = r => r.Code = new JobCode { Inline = new string('x', 1024 * 1024 + 1) },
        ["inline over 1 MiB of UTF-8 bytes"] = r => r.Code = new JobCode { Inline = new string('é', 600 * 1024) },
        ["artifact id with underscore"] = r => r.Code = new JobCode { ArtifactId = "abc_def" },
        ["artifact id empty"] = r => r.Code = new JobCode { ArtifactId = "" },
        ["git url relative"] = r => r.Code = new JobCode { GitUrl = "github.com/x/y.git" },
        ["git url ssh"] = r => r.Code = new JobCode { GitUrl = "ssh://git@example.org/x.git" },
        ["archive url not an archive"] = r => r.Code = new JobCode { ArchiveUrl = "https://example.org/code.rar" },
        ["archive url ftp"] = r => r.Code = new JobCode { ArchiveUrl = "ftp://example.org/code.zip" },
        ["command too long"] = r => r.Command = new string('c', 501),
        ["command with newline"] = r => r.Command = "run.py {system}\nrm -rf /",
        ["command with NUL"] = r => r.Command = "run.py\0",
        ["input data relative"] = r => { r.InputData.Add("https://example.org/ok"); r.InputData.Add("data/spikes.npz"); },
        ["input data too long"] = r => r.InputData[0] = "https://example.org/" + new string('a', 2000),
        ["input data too many"] = r => r.InputData.AddRange(Enumerable.Range(0, 100).Select(i => $"https://example.org/{i}")),
        ["platform empty"] = r => r.HardwarePlatform = "",
        ["platform unknown"] = r => r.HardwarePlatform = "Loihi",
        ["platform wrong case"] = r => r.HardwarePlatform = "spinnaker",
        ["collab empty"] = r => r.Collab = "",
        ["collab too long"] = r => r.Collab = new string('c', 101),
        ["collab with space"] = r => r.Collab = "neuro lab",
        ["tags too many"] = r => r.Tags.AddRange(Enumerable.Range(0, 19).Select(i => $"t{i}")),
        ["tag empty"] = r => r.Tags[0] = "",
        ["tag too long"] = r => { r.Tags.Add("ok"); r.Tags[1] = new string('t', 65); },
        ["tag with control char"] = r => r.Tags[0] = "bad\u0007tag",
        ["wall time zero"] = r => r.WallTimeLimit = new Duration(),
        ["wall time negative"] = r => r.WallTimeLimit = Duration.FromTimeSpan(TimeSpan.FromMinutes(-1)),
        ["wall time over 7 days"] = r => r.WallTimeLimit = Duration.FromTimeSpan(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1)),
        ["wall time malformed"] = r => r.WallTimeLimit = new Duration { Seconds = 10, Nanos = -5 },
        ["wall time beyond the duration range"] = r => r.WallTimeLimit = new Duration { Seconds = long.MaxValue },
        ["hardware config unknown key"] = r => r.HardwareConfig = Requests.Json("""{"WAFER": 3}"""),
        ["hardware config HICANN not integer"] = r => r.HardwareConfig = Requests.Json("""{"HICANN": 1.5}"""),
        ["hardware config HICANN list with string"] = r => r.HardwareConfig = Requests.Json("""{"HICANN": [1, "2"]}"""),
        ["hardware config WAFER_MODULE string"] = r => r.HardwareConfig = Requests.Json("""{"WAFER_MODULE": "33"}"""),
    };

    [Theory]
    [InlineData("request id empty", "request_id")]
    [InlineData("request id too short", "request_id")]
    [InlineData("request id too long", "request_id")]
    [InlineData("request id with space", "request_id")]
    [InlineData("request id with slash", "request_id")]
    [InlineData("request id with a trailing newline", "request_id")]
    [InlineData("collab with a trailing newline", "collab")]
    [InlineData("artifact id with a trailing newline", "code.artifact_id")]
    [InlineData("no code", "code")]
    [InlineData("code without a source", "code")]
    [InlineData("inline empty", "code.inline")]
    [InlineData("inline whitespace", "code.inline")]
    [InlineData("inline over 1 MiB", "code.inline")]
    [InlineData("inline over 1 MiB of UTF-8 bytes", "code.inline")]
    [InlineData("artifact id with underscore", "code.artifact_id")]
    [InlineData("artifact id empty", "code.artifact_id")]
    [InlineData("git url relative", "code.git_url")]
    [InlineData("git url ssh", "code.git_url")]
    [InlineData("archive url not an archive", "code.archive_url")]
    [InlineData("archive url ftp", "code.archive_url")]
    [InlineData("command too long", "command")]
    [InlineData("command with newline", "command")]
    [InlineData("command with NUL", "command")]
    [InlineData("input data relative", "input_data[2]")]
    [InlineData("input data too long", "input_data[0]")]
    [InlineData("input data too many", "input_data")]
    [InlineData("platform empty", "hardware_platform")]
    [InlineData("platform unknown", "hardware_platform")]
    [InlineData("platform wrong case", "hardware_platform")]
    [InlineData("collab empty", "collab")]
    [InlineData("collab too long", "collab")]
    [InlineData("collab with space", "collab")]
    [InlineData("tags too many", "tags")]
    [InlineData("tag empty", "tags[0]")]
    [InlineData("tag too long", "tags[1]")]
    [InlineData("tag with control char", "tags[0]")]
    [InlineData("wall time zero", "wall_time_limit")]
    [InlineData("wall time negative", "wall_time_limit")]
    [InlineData("wall time over 7 days", "wall_time_limit")]
    [InlineData("wall time malformed", "wall_time_limit")]
    [InlineData("wall time beyond the duration range", "wall_time_limit")]
    [InlineData("hardware config unknown key", "hardware_config.WAFER")]
    [InlineData("hardware config HICANN not integer", "hardware_config.HICANN")]
    [InlineData("hardware config HICANN list with string", "hardware_config.HICANN")]
    [InlineData("hardware config WAFER_MODULE string", "hardware_config.WAFER_MODULE")]
    public void Validate_MalformedRequest_NamesTheField(string breakage, string expectedField)
    {
        var request = Requests.Submit();
        Breakages[breakage](request);

        var violations = SubmitJobValidator.Validate(request);

        var only = Assert.Single(violations);
        Assert.Equal(expectedField, only.Field);
        Assert.False(string.IsNullOrWhiteSpace(only.Description));
    }

    [Fact]
    public void EveryBreakage_HasATheoryRow()
    {
        var rows = typeof(SubmitJobValidatorTests).GetMethod(nameof(Validate_MalformedRequest_NamesTheField))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Length;
        Assert.Equal(Breakages.Count, rows);
        Assert.True(rows >= 25);
    }

    [Theory]
    [InlineData("BrainScaleS", """{"SOFTWARE_VERSION": "nmpm1", "WAFER_MODULE": 33, "HICANN": [297, 298], "FPGA": 3}""")]
    [InlineData("BrainScaleS-ESS", """{"SOFTWARE_VERSION": "ess-1", "HICANN": 297}""")]
    [InlineData("SpiNNaker", """{"spynnaker_version": "7.0.0", "spinnaker_tools_version": "7.0.0", "extra_pip_installs": ["elephant"], "extra_git_repositories": ["https://example.org/x.git"], "extra_makes": ["src"], "extra_python_setups": ["lib"]}""")]
    [InlineData("Spikey", "{}")]
    public void Validate_WellFormedRequestOfEachPlatform_Passes(string platform, string config)
    {
        Assert.Empty(SubmitJobValidator.Validate(Requests.Submit(platform, config)));
    }

    [Theory]
    [InlineData("git", "https://example.org/lab/model.git")]
    [InlineData("archive", "https://example.org/lab/model.tar.gz")]
    [InlineData("archive", "file:///srv/code/model.tgz")]
    [InlineData("archive", "http://example.org/model.ZIP")]
    [InlineData("artifact", "3f2a-99bc")]
    public void Validate_OtherCodeSources_Pass(string kind, string value)
    {
        var request = Requests.Submit();
        request.Code = kind switch
        {
            "git" => new JobCode { GitUrl = value },
            "archive" => new JobCode { ArchiveUrl = value },
            _ => new JobCode { ArtifactId = value },
        };
        request.WallTimeLimit = null;
        request.InputData.Clear();
        request.Tags.Clear();

        Assert.Empty(SubmitJobValidator.Validate(request));
    }

    [Fact]
    public void Validate_PlatformInWrongCase_SuggestsTheExactName()
    {
        var violation = Assert.Single(SubmitJobValidator.Validate(Requests.Submit("brainscales-ess")));
        Assert.Contains("did you mean 'BrainScaleS-ESS'", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEachField()
    {
        var request = Requests.Submit();
        request.RequestId = "x";
        request.Collab = "";
        request.Code = null;

        var fields = SubmitJobValidator.Validate(request).Select(v => v.Field).ToHashSet();

        Assert.Equal(new HashSet<string> { "request_id", "code", "collab" }, fields);
    }
}
