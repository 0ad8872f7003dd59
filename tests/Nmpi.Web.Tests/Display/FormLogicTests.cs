using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Api.Platforms;
using Nmpi.Api.V1;
using Nmpi.JobManager.Display;

namespace Nmpi.Web.Tests.Display;

/// <summary>The pure logic behind the form and the list: typed hardware settings, upload paths, list filters. No browser.</summary>
public sealed class FormLogicTests
{
    private static readonly PlatformInfo BrainScaleS = PlatformCatalog.Find("BrainScaleS")!;

    [Theory]
    [InlineData(HardwareConfigValueKind.Integer, " 12 ", "12")]
    [InlineData(HardwareConfigValueKind.Integer, "-3", "-3")]
    [InlineData(HardwareConfigValueKind.Integer, "1.5", null)]
    [InlineData(HardwareConfigValueKind.Integer, "1e3", null)]
    [InlineData(HardwareConfigValueKind.IntegerOrIntegerList, "7", "7")]
    [InlineData(HardwareConfigValueKind.IntegerOrIntegerList, "1, 2,3", "[ 1, 2, 3 ]")]
    [InlineData(HardwareConfigValueKind.IntegerOrIntegerList, "1, x", null)]
    [InlineData(HardwareConfigValueKind.IntegerOrIntegerList, " , ", null)]
    [InlineData(HardwareConfigValueKind.String, " 7.0 ", "\"7.0\"")]
    [InlineData(HardwareConfigValueKind.StringList, "a\r\n\n b \n", "[ \"a\", \"b\" ]")]
    public void Parse_ReadsEachKind_OrRefuses(HardwareConfigValueKind kind, string text, string? json)
    {
        var value = HardwareConfigFields.Parse(kind, text);
        Assert.Equal(json, value is null ? null : JsonFormatter.Default.Format(value));
    }

    [Fact]
    public void Merge_AddsTypedKeysToTheJson_AndRefusesAKeySetTwiceOrOfAnotherPlatform()
    {
        var form = new NewJobForm();
        var typed = new Dictionary<string, string> { ["hw:BrainScaleS:WAFER_MODULE"] = "3", ["hw:BrainScaleS:FPGA"] = "" };
        var config = HardwareConfigFields.Merge(BrainScaleS, typed, """{"HICANN": [1]}""", form);
        Assert.Equal("""{ "HICANN": [ 1 ], "WAFER_MODULE": 3 }""", JsonFormatter.Default.Format(config));
        Assert.Empty(form.Errors);

        typed["hw:BrainScaleS:HICANN"] = "2";
        typed["hw:SpiNNaker:spynnaker_version"] = "7";
        Assert.Null(HardwareConfigFields.Merge(BrainScaleS, typed, """{"HICANN": [1]}""", form));
        Assert.Equal(["is also set in the JSON box below; keep one of the two"], form.ErrorsOf("hardware_config.HICANN"));
        Assert.Equal(["spynnaker_version is a setting of SpiNNaker, not of BrainScaleS: clear it or choose SpiNNaker"], form.ErrorsOf("hardware_config"));
    }

    [Theory]
    [InlineData("[1, 2]", "must be a JSON object, e.g. {\"spynnaker_version\": \"7.0\"}")]
    [InlineData("{\"a\": ", "is not valid JSON")]
    public void Merge_BadJson_IsAnErrorBesideTheBox(string json, string message)
    {
        var form = new NewJobForm();
        Assert.Null(HardwareConfigFields.Merge(BrainScaleS, new Dictionary<string, string>(), json, form));
        Assert.Equal([message], form.ErrorsOf("hardware_config"));
    }

    [Fact]
    public void Split_PutsWhatATypedInputCanShowThere_AndLeavesTheRestAsJson()
    {
        var config = JsonParser.Default.Parse<Struct>("""{"WAFER_MODULE": 3, "HICANN": [4, 5], "FPGA": 1.5, "SOFTWARE_VERSION": 2, "other": true}""");
        var (typed, json) = HardwareConfigFields.Split(BrainScaleS, config);
        Assert.Equal(new Dictionary<string, string> { ["hw:BrainScaleS:WAFER_MODULE"] = "3", ["hw:BrainScaleS:HICANN"] = "4, 5" }, typed);
        Assert.Equal("""{ "FPGA": 1.5, "SOFTWARE_VERSION": 2, "other": true }""", json);

        // What Split gives, Merge reads back to the same config.
        var form = new NewJobForm();
        Assert.Equal(config, HardwareConfigFields.Merge(BrainScaleS, typed, json, form));
    }

    [Theory]
    [InlineData("model/run.py", "model/run.py")]
    [InlineData("model\\lib\\./cells.py", "model/lib/cells.py")]
    [InlineData("../etc/passwd", null)]
    [InlineData("a/../../b", null)]
    [InlineData("/etc/passwd", null)]
    [InlineData("C:/x.py", null)]
    [InlineData("./", null)]
    public void Normalize_KeepsPathsInsideTheFolder(string path, string? expected) =>
        Assert.Equal(expected, UploadPaths.Normalize(path));

    [Fact]
    public void UploadPaths_DropTheCommonFolder_AndSkipHiddenFilesAndCaches()
    {
        Assert.Equal(["run.py", "lib/a.py"], UploadPaths.WithoutCommonFolder(["m/run.py", "m/lib/a.py"]));
        Assert.Equal(["run.py", "m/a.py"], UploadPaths.WithoutCommonFolder(["run.py", "m/a.py"]));
        Assert.Equal(["m/run.py", "n/a.py"], UploadPaths.WithoutCommonFolder(["m/run.py", "n/a.py"]));
        Assert.True(UploadPaths.IsSkipped("m/.git/config"));
        Assert.True(UploadPaths.IsSkipped("__MACOSX/m/._run.py"));
        Assert.True(UploadPaths.IsSkipped("m/lib/x.pyc"));
        Assert.False(UploadPaths.IsSkipped("m/lib/x.py"));
    }

    [Fact]
    public void JobFilter_DaysAreWholeUtcDays_AndBadOnesAreNamed()
    {
        var errors = new List<string>();
        var request = new JobFilter("", "", "", "", "bob", "2026-03-01", "2026-03-01").ToRequest("neuro", 20, errors);
        Assert.Empty(errors);
        Assert.Equal("bob", request!.UserId);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), request.SubmittedAfter.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), request.SubmittedBefore.ToDateTimeOffset());
        Assert.Equal("?user=bob&from=2026-03-01&to=2026-03-01&page=t", new JobFilter("", "", "", "", "bob", "2026-03-01", "2026-03-01").Query("t"));

        Assert.Null(new JobFilter("", "", "", "", "", "2026-13-01", "9999-12-31").ToRequest("neuro", 20, errors));
        Assert.Equal(["from: '2026-13-01' is not a date (YYYY-MM-DD)", "to: '9999-12-31' is not a date (YYYY-MM-DD)"], errors);
    }

    [Fact]
    public void Tags_OnePerLine_KeepCommasAndSpaces_AndTheirLinesReadBackTheSame()
    {
        string[] tags = ["a,b", " spaced , with comma ", "plain", "x, y, z"];
        Assert.Equal(tags, NewJobForm.TagList(NewJobForm.TagLines(tags)));
        // As a browser sends a textarea (CRLF), with an empty line left in.
        Assert.Equal(["one, two", "three"], NewJobForm.TagList("one, two\r\n\r\nthree\r\n"));
        Assert.Empty(NewJobForm.TagList(""));
        Assert.Equal("line 2: must be 1 to 64 characters", NewJobForm.Message(NewJobForm.Tags, "tags[1]", "must be 1 to 64 characters"));
    }

    [Theory]
    [InlineData(CollabRole.Viewer, false, false, false, false)]
    [InlineData(CollabRole.Viewer, false, true, false, true)]
    [InlineData(CollabRole.Editor, false, false, true, true)]
    [InlineData(CollabRole.Administrator, false, false, true, true)]
    [InlineData(null, true, false, true, true)]
    [InlineData(null, false, true, false, false)]
    public void Roles_OfferSubmittingToEditors_AndChangingAJobToItsOwnerToo(CollabRole? role, bool platformAdmin, bool owner, bool submit, bool change)
    {
        Assert.Equal(submit, Roles.CanSubmit(role, platformAdmin));
        Assert.Equal(change, Roles.CanChangeJob(role, platformAdmin, owner));
    }
}
