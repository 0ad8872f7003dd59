using Nmpi.Api.V1;
using Nmpi.Gateway.Validation;

namespace Nmpi.Gateway.Tests;

public sealed class CodeBundleValidatorTests
{
    private const string HashA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string HashB = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const long MaxFileBytes = 1000;

    private static readonly Dictionary<string, Action<CreateCodeBundleRequest>> BundleBreakages = new()
    {
        ["collab with space"] = r => r.Collab = "neuro lab",
        ["collab too long"] = r => r.Collab = new string('c', 101),
        ["no files"] = r => r.Files.Clear(),
        ["too many files"] = r => r.Files.AddRange(Enumerable.Range(0, CodeBundleValidator.MaxFiles).Select(i => Entry($"f/{i}.py"))),
        ["path empty"] = r => r.Files[1].Path = "",
        ["path absolute"] = r => r.Files[1].Path = "/etc/passwd",
        ["path with parent segment"] = r => r.Files[1].Path = "model/../../escape.py",
        ["path only parent"] = r => r.Files[1].Path = "..",
        ["path with dot segment"] = r => r.Files[1].Path = "./run.py",
        ["path with empty segment"] = r => r.Files[1].Path = "model//net.py",
        ["path with trailing slash"] = r => r.Files[1].Path = "model/",
        ["path with backslash"] = r => r.Files[1].Path = "model\\net.py",
        ["path with NUL"] = r => r.Files[1].Path = "model/net\0.py",
        ["path with newline"] = r => r.Files[1].Path = "model/net\n.py",
        ["path over 1024 bytes"] = r => r.Files[1].Path = string.Join('/', Enumerable.Repeat(new string('d', 200), 6)),
        ["path segment over 255 bytes"] = r => r.Files[1].Path = "model/" + new string('n', 256),
        ["path segment over 255 UTF-8 bytes"] = r => r.Files[1].Path = new string('é', 128),
        ["path repeated"] = r => r.Files[1].Path = "run.py",
        ["file is also a directory"] = r => r.Files.Add(Entry("model/net.py/inner.py")),
        ["hash uppercase"] = r => r.Files[0].Sha256 = HashB.ToUpperInvariant(),
        ["hash too short"] = r => r.Files[0].Sha256 = HashB[..63],
        ["hash empty"] = r => r.Files[0].Sha256 = "",
        ["paths over 1 MiB in all"] = r => r.Files.AddRange(Enumerable.Range(0, 1100).Select(i => Entry($"{i:D4}/" + string.Join('/', Enumerable.Repeat(new string('p', 240), 4))))),
    };

    [Theory]
    [InlineData("collab with space", "collab")]
    [InlineData("collab too long", "collab")]
    [InlineData("no files", "files")]
    [InlineData("too many files", "files")]
    [InlineData("path empty", "files[1].path")]
    [InlineData("path absolute", "files[1].path")]
    [InlineData("path with parent segment", "files[1].path")]
    [InlineData("path only parent", "files[1].path")]
    [InlineData("path with dot segment", "files[1].path")]
    [InlineData("path with empty segment", "files[1].path")]
    [InlineData("path with trailing slash", "files[1].path")]
    [InlineData("path with backslash", "files[1].path")]
    [InlineData("path with NUL", "files[1].path")]
    [InlineData("path with newline", "files[1].path")]
    [InlineData("path over 1024 bytes", "files[1].path")]
    [InlineData("path segment over 255 bytes", "files[1].path")]
    [InlineData("path segment over 255 UTF-8 bytes", "files[1].path")]
    [InlineData("path repeated", "files[1].path")]
    [InlineData("file is also a directory", "files[3].path")]
    [InlineData("hash uppercase", "files[0].sha256")]
    [InlineData("hash too short", "files[0].sha256")]
    [InlineData("hash empty", "files[0].sha256")]
    [InlineData("paths over 1 MiB in all", "files")]
    public void CreateCodeBundle_Malformed_NamesTheField(string breakage, string expectedField)
    {
        var request = Bundle();
        BundleBreakages[breakage](request);

        var only = Assert.Single(CodeBundleValidator.Validate(request));

        Assert.Equal(expectedField, only.Field);
        Assert.False(string.IsNullOrWhiteSpace(only.Description));
    }

    [Fact]
    public void EveryBundleBreakage_HasATheoryRow()
    {
        var rows = typeof(CodeBundleValidatorTests).GetMethod(nameof(CreateCodeBundle_Malformed_NamesTheField))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Length;
        Assert.Equal(BundleBreakages.Count, rows);
    }

    [Theory]
    [InlineData("")]
    [InlineData("neuro-lab")]
    public void CreateCodeBundle_WellFormed_Passes(string collab)
    {
        var request = Bundle();
        request.Collab = collab;
        request.Files.Add(Entry("data/ünïcode name with spaces.txt"));
        request.Files.Add(Entry(".hidden/..dots../x"));

        Assert.Empty(CodeBundleValidator.Validate(request));
    }

    [Fact]
    public void CreateCodeBundle_ManyBadPaths_ListsAFewAndCountsTheRest()
    {
        var request = Bundle();
        request.Files.AddRange(Enumerable.Range(0, 100).Select(i => Entry($"/abs/{i}")));

        var violations = CodeBundleValidator.Validate(request);

        Assert.Equal(CodeBundleValidator.MaxListedViolations, violations.Count);
        Assert.Equal("files[3].path", violations[0].Field);
        Assert.Equal("files", violations[^1].Field);
        Assert.Contains("81 more", violations[^1].Description, StringComparison.Ordinal);
    }

    private static readonly Dictionary<string, Action<FindMissingBlobsRequest>> QueryBreakages = new()
    {
        ["no digests"] = r => r.Sha256.Clear(),
        ["too many digests"] = r => r.Sha256.AddRange(Enumerable.Repeat(HashA, CodeBundleValidator.MaxHashesPerQuery)),
        ["digest with a letter past f"] = r => r.Sha256[1] = HashB[..63] + "g",
        ["digest with a prefix"] = r => r.Sha256[1] = "sha256:" + HashB,
        ["collab with slash"] = r => r.Collab = "a/b",
    };

    [Theory]
    [InlineData("no digests", "sha256")]
    [InlineData("too many digests", "sha256")]
    [InlineData("digest with a letter past f", "sha256[1]")]
    [InlineData("digest with a prefix", "sha256[1]")]
    [InlineData("collab with slash", "collab")]
    public void FindMissingBlobs_Malformed_NamesTheField(string breakage, string expectedField)
    {
        var request = new FindMissingBlobsRequest { Sha256 = { HashA, HashB } };
        QueryBreakages[breakage](request);

        var only = Assert.Single(CodeBundleValidator.Validate(request));

        Assert.Equal(expectedField, only.Field);
    }

    [Fact]
    public void EveryQueryBreakage_HasATheoryRow()
    {
        var rows = typeof(CodeBundleValidatorTests).GetMethod(nameof(FindMissingBlobs_Malformed_NamesTheField))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Length;
        Assert.Equal(QueryBreakages.Count, rows);
    }

    [Theory]
    [InlineData("", HashA, 0L, null)]
    [InlineData("neuro-lab", HashB, MaxFileBytes, null)]
    [InlineData("", HashA, -1L, "header.size")]
    [InlineData("", HashA, MaxFileBytes + 1, "header.size")]
    [InlineData("", "not-a-digest", 10L, "header.sha256")]
    [InlineData("x y", HashA, 10L, "header.collab")]
    public void UploadBlobHeader_IsCheckedField_ByField(string collab, string sha256, long size, string? expectedField)
    {
        var violations = CodeBundleValidator.Validate(new UploadBlobHeader { Collab = collab, Sha256 = sha256, Size = size }, MaxFileBytes);

        Assert.Equal(expectedField, Assert.Single(violations.Select(v => (string?)v.Field).DefaultIfEmpty()));
    }

    [Theory]
    [InlineData("cb-0123abcd", true)]
    [InlineData("", false)]
    [InlineData("../x", false)]
    [InlineData("cb_1", false)]
    public void GetCodeBundle_Id_IsChecked(string id, bool valid)
    {
        Assert.Equal(valid, CodeBundleValidator.Validate(new GetCodeBundleRequest { Id = id }).Count == 0);
    }

    private static CreateCodeBundleRequest Bundle() => new()
    {
        Files = { Entry("run.py", HashA, executable: true), Entry("model/net.py"), Entry("model/params.json") },
    };

    private static CodeBundleEntry Entry(string path, string sha256 = HashB, bool executable = false) =>
        new() { Path = path, Sha256 = sha256, Executable = executable };
}
