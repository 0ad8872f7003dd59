using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Microsoft.Playwright;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests;

/// <summary>The new-job form's kinds of code (script, git, archive, folder or zip upload), per-platform settings, and resubmit.</summary>
[Collection(WebCollection.Name)]
public sealed partial class NewJobFormTests(PostgresFixture postgres, BrowserFixture browser, SharedPlatform platform) : IClassFixture<SharedPlatform>
{
    [Fact]
    public async Task HardwareSettings_TypedAndJson_MergeIntoTheConfig_AndEachErrorShowsBesideItsField()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);
        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs/new"));

        // Only the chosen platform's settings are shown, and they are reachable by their labels.
        await page.SelectOptionAsync("#hardware_platform", "SpiNNaker");
        Assert.True(await page.IsVisibleAsync("#hw-SpiNNaker"));
        Assert.False(await page.IsVisibleAsync("#hw-BrainScaleS"));
        await page.GetByLabel("spynnaker_version").FillAsync("7.0");
        await page.FillAsync("#code", "print('x')\n");
        await page.FillAsync("#hardware_config", """{"spynnaker_version": "6.0", "WAFER_MODULE": 3""");
        await page.ClickAsync("#submit-job");
        Assert.Equal("is not valid JSON", await ErrorAsync(page, "hardware_config"));

        await page.FillAsync("#hardware_config", """{"spynnaker_version": "6.0"}""");
        await page.ClickAsync("#submit-job");
        Assert.Equal("is also set in the JSON box below; keep one of the two", await ErrorAsync(page, "hardware_config.spynnaker_version"));
        Assert.Equal("7.0", await page.InputValueAsync("#hw-SpiNNaker-spynnaker_version"));

        // A key the platform refuses is answered by the service beside the box it came from.
        await page.FillAsync("#hardware_config", """{"WAFER_MODULE": 3}""");
        await page.ClickAsync("#submit-job");
        Assert.Contains("WAFER_MODULE", await ErrorAsync(page, "hardware_config"), StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "new-job-hardware-errors");

        await page.SelectOptionAsync("#hardware_platform", "BrainScaleS");
        Assert.False(await page.IsVisibleAsync("#hw-SpiNNaker"));
        await page.FillAsync("#hw-BrainScaleS-WAFER_MODULE", "three");
        await page.FillAsync("#hw-BrainScaleS-HICANN", "276, 277");
        await page.FillAsync("#hardware_config", "");
        await page.ClickAsync("#submit-job");
        Assert.Equal("must be a whole number", await ErrorAsync(page, "hardware_config.WAFER_MODULE"));
        Assert.Equal(0, await CountJobsAsync(host));

        await page.FillAsync("#hw-BrainScaleS-WAFER_MODULE", "3");
        await page.FillAsync("#hardware_config", """{"SOFTWARE_VERSION": "nmpm1"}""");
        var job = await SubmitAsync(page, host);
        Assert.Equal(
            JsonParser.Default.Parse<Google.Protobuf.WellKnownTypes.Struct>("""{"WAFER_MODULE": 3, "HICANN": [276, 277], "SOFTWARE_VERSION": "nmpm1"}"""),
            job.HardwareConfig);

        // SpiNNaker's list settings: one entry per line.
        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs/new"));
        await page.SelectOptionAsync("#hardware_platform", "SpiNNaker");
        await page.FillAsync("#code", "print('x')\n");
        await page.FillAsync("#hw-SpiNNaker-extra_pip_installs", "./mypkg\n\n./other\n");
        await page.FillAsync("#hw-SpiNNaker-spynnaker_version", "7.0");
        job = await SubmitAsync(page, host);
        Assert.Equal(
            JsonParser.Default.Parse<Google.Protobuf.WellKnownTypes.Struct>("""{"extra_pip_installs": ["./mypkg", "./other"], "spynnaker_version": "7.0"}"""),
            job.HardwareConfig);
    }

    [Fact]
    public async Task CodeFromGitArchiveFolderOrZip_IsSubmittedAsThatKind_AndTheListShowsTheKind()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);

        await OpenFormAsync(page, host, "git");
        await page.FillAsync("#code_git_url", "ftp://example.org/model.git");
        await page.ClickAsync("#submit-job");
        Assert.False(string.IsNullOrWhiteSpace(await ErrorAsync(page, "code_git_url")));
        Assert.True(await page.IsCheckedAsync("#code-kind-git"));
        Assert.Equal(0, await CountJobsAsync(host));
        await Screenshots.TakeAsync(page, "new-job-git-error");
        await page.FillAsync("#code_git_url", "https://example.org/model.git");
        var git = await SubmitAsync(page, host);
        Assert.Equal("https://example.org/model.git", git.Code.GitUrl);

        await OpenFormAsync(page, host, "archive");
        await page.FillAsync("#code_archive_url", "https://example.org/model.tar.gz");
        var archive = await SubmitAsync(page, host);
        Assert.Equal("https://example.org/model.tar.gz", archive.Code.ArchiveUrl);

        // A folder: its own name is dropped, hidden files and caches are left out.
        var folder = Directory.CreateTempSubdirectory("nmpi-web-code-").FullName;
        try
        {
            var model = Path.Combine(folder, "model");
            Directory.CreateDirectory(Path.Combine(model, "lib"));
            Directory.CreateDirectory(Path.Combine(model, "__pycache__"));
            await File.WriteAllTextAsync(Path.Combine(model, "run.py"), "import lib.cells\n");
            await File.WriteAllTextAsync(Path.Combine(model, "lib", "cells.py"), "N = 10\n");
            await File.WriteAllTextAsync(Path.Combine(model, ".env"), "SECRET=1\n");
            await File.WriteAllTextAsync(Path.Combine(model, "__pycache__", "x.pyc"), "cache");

            await OpenFormAsync(page, host, "upload");
            await page.SetInputFilesAsync("#code_files", model);
            var uploaded = await SubmitAsync(page, host);
            Assert.Equal(["lib/cells.py", "run.py"], await BundlePathsAsync(host, uploaded.Code.ArtifactId));

            // A zip: a bad one is refused beside the upload; a good one becomes a bundle.
            var notZip = Path.Combine(folder, "broken.zip");
            await File.WriteAllTextAsync(notZip, "not a zip");
            await OpenFormAsync(page, host, "upload");
            await page.SetInputFilesAsync("#code_zip", notZip);
            await page.ClickAsync("#submit-job");
            Assert.Equal("broken.zip is not a zip archive", await ErrorAsync(page, "code_files"));

            var zip = Path.Combine(folder, "model.zip");
            ZipFile.CreateFromDirectory(model, zip, CompressionLevel.Fastest, includeBaseDirectory: true);
            await page.SetInputFilesAsync("#code_zip", zip);
            var zipped = await SubmitAsync(page, host);
            Assert.Equal(["lib/cells.py", "run.py"], await BundlePathsAsync(host, zipped.Code.ArtifactId));
            // The same files make the same bundle: nothing was uploaded twice.
            Assert.Equal(uploaded.Code.ArtifactId, zipped.Code.ArtifactId);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs"));
        Assert.Equal("git", await page.TextContentAsync($"tr[data-job-id='{git.Id}'] .kind"));
        Assert.Equal("archive", await page.TextContentAsync($"tr[data-job-id='{archive.Id}'] .kind"));
        Assert.Equal("https://example.org/model.git", await page.TextContentAsync($"tr[data-job-id='{git.Id}'] code"));
        Assert.Equal(2, await page.Locator("tr .kind[data-kind=upload]").CountAsync());
        await Screenshots.TakeAsync(page, "job-list-code-kinds");
    }

    [Fact]
    public async Task Resubmit_FillsTheFormFromTheJob_AndSubmitsANewJob()
    {
        var host = await platform.StartAsync(postgres);
        var request = new SubmitJobRequest
        {
            RequestId = Guid.NewGuid().ToString("N"),
            Collab = "neuro",
            HardwarePlatform = "SpiNNaker",
            Code = new JobCode { Inline = "import sys\nprint(sys.argv)\n" },
            Command = "run.py {system} --long",
            HardwareConfig = JsonParser.Default.Parse<Google.Protobuf.WellKnownTypes.Struct>(
                """{"spynnaker_version": "7.0", "extra_makes": ["src"], "extra_pip_installs": [" spaced "]}"""),
        };
        request.InputData.Add("https://example.org/input.h5");
        request.Tags.AddRange(["first", "resubmit-me"]);
        var original = await host.Jobs(PlatformHost.AliceToken).SubmitJobAsync(request);
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);

        await page.GotoAsync(host.Url($"/app/jobs/{original.Id}"));
        await page.ClickAsync("#resubmit-job");
        await page.WaitForSelectorAsync("#resubmit-of");
        Assert.Equal("SpiNNaker", await page.InputValueAsync("#hardware_platform"));
        Assert.True(await page.IsCheckedAsync("#code-kind-inline"));
        Assert.Equal("import sys\nprint(sys.argv)\n", await page.InputValueAsync("#code"));
        Assert.Equal("run.py {system} --long", await page.InputValueAsync("#command"));
        Assert.Equal("https://example.org/input.h5", await page.InputValueAsync("#input_data"));
        Assert.Equal("first\nresubmit-me", await page.InputValueAsync("#tags"));
        Assert.Equal("7.0", await page.InputValueAsync("#hw-SpiNNaker-spynnaker_version"));
        Assert.Equal("src", await page.InputValueAsync("#hw-SpiNNaker-extra_makes"));
        // A value the typed input would change (spaces around an entry) stays in the JSON box as it was.
        Assert.Equal("""{ "extra_pip_installs": [ " spaced " ] }""", await page.InputValueAsync("#hardware_config"));
        await Screenshots.TakeAsync(page, "new-job-resubmit");

        // Keyboard: from the platform, Tab reaches the code kind (one stop for the group), then the script.
        await page.FocusAsync("#hardware_platform");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("code-kind-inline", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("code", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        // A phone-sized screen: nothing sticks out sideways.
        await page.SetViewportSizeAsync(360, 740);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), "the form is wider than a narrow screen");
        await Screenshots.TakeAsync(page, "new-job-narrow");
        await page.SetViewportSizeAsync(1280, 900);

        var again = await SubmitAsync(page, host);
        Assert.NotEqual(original.Id, again.Id);
        Assert.Equal(original.Code, again.Code);
        Assert.Equal(original.Command, again.Command);
        Assert.Equal(original.InputData, again.InputData);
        Assert.Equal(original.Tags, again.Tags);
        Assert.Equal(original.HardwareConfig, again.HardwareConfig);

        // Another collab's job cannot be used to fill the form.
        var secret = await Submit.JobAsync(host, PlatformHost.CarolToken, "other", script: "print('carol-secret-model')\n");
        var hidden = await page.GotoAsync(host.Url($"/app/collabs/neuro/jobs/new?from={secret.Id}"));
        Assert.Equal(404, hidden!.Status);
        Assert.DoesNotContain("carol-secret-model", await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resubmit_KeepsEveryTagWhole_CommasAndSpacesIncluded_AndTheFormTakesOneTagPerLine()
    {
        var host = await platform.StartAsync(postgres);
        var original = await Submit.JobAsync(host, PlatformHost.AliceToken, "neuro", tags: ["a,b", "sweep 3, run 2", " padded ", "plain"]);
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);

        await page.GotoAsync(host.Url($"/app/jobs/{original.Id}"));
        await page.ClickAsync("#resubmit-job");
        await page.WaitForSelectorAsync("#resubmit-of");
        Assert.Equal(4, original.Tags.Count);
        Assert.Equal(string.Join("\n", original.Tags), await page.InputValueAsync("#tags"));
        var again = await SubmitAsync(page, host);
        Assert.Equal(original.Tags, again.Tags);
        Assert.Contains("sweep 3, run 2", again.Tags);

        // Typed: each line is one tag, commas and all; a refused tag is named by its line.
        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs/new"));
        await page.SelectOptionAsync("#hardware_platform", "Spikey");
        await page.FillAsync("#code", "print('tags')\n");
        await page.FillAsync("#tags", "first, with comma\n" + new string('t', 65));
        await page.ClickAsync("#submit-job");
        Assert.Equal("line 2: must be 1 to 64 characters", await ErrorAsync(page, "tags"));
        Assert.Equal("first, with comma\n" + new string('t', 65), await page.InputValueAsync("#tags"));
        await page.FillAsync("#tags", "first, with comma\n\nsecond");
        var typed = await SubmitAsync(page, host);
        Assert.Equal(["first, with comma", "second"], typed.Tags);
    }

    private static async Task OpenFormAsync(IPage page, PlatformHost host, string kind)
    {
        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs/new"));
        await page.SelectOptionAsync("#hardware_platform", "Spikey");
        await page.CheckAsync($"#code-kind-{kind}");
        // Only the chosen kind's input is shown.
        Assert.Equal(kind == "inline", await page.IsVisibleAsync("#code"));
    }

    private static async Task<Job> SubmitAsync(IPage page, PlatformHost host)
    {
        await page.ClickAsync("#submit-job");
        await page.WaitForURLAsync(JobPage());
        var id = long.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
        return await host.Jobs(PlatformHost.AliceToken).GetJobAsync(new GetJobRequest { Id = id });
    }

    private static async Task<string> ErrorAsync(IPage page, string field) =>
        (await page.TextContentAsync($".field-error[data-field='{field}']") ?? "").Trim();

    private static async Task<long> CountJobsAsync(PlatformHost host) =>
        (await host.Jobs(PlatformHost.AliceToken).ListJobsAsync(new ListJobsRequest { Collab = "neuro" })).TotalCount;

    private static async Task<List<string>> BundlePathsAsync(PlatformHost host, string id) =>
        [.. (await host.Jobs(PlatformHost.AliceToken).GetCodeBundleAsync(new GetCodeBundleRequest { Id = id })).Files.Select(f => f.Path)];

    [GeneratedRegex("/app/jobs/[0-9]+$")]
    private static partial Regex JobPage();
}
