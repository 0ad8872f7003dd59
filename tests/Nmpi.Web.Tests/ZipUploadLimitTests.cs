using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.Web.Tests.Infrastructure;

namespace Nmpi.Web.Tests;

/// <summary>Security review M-6 (gateway side): a zip posted to the new-job form is refused by the entries it lists, before they are read.</summary>
[Collection(WebCollection.Name)]
public sealed class ZipUploadLimitTests(PostgresFixture postgres, BrowserFixture browser)
{
    [Fact]
    public async Task ZipUpload_ListingMoreEntriesThanABundleMayHold_IsRefusedFromItsEndRecord_AndNoJobIsMade()
    {
        await using var host = await WebPlatform.StartAsync(postgres);
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);
        var folder = Directory.CreateTempSubdirectory("nmpi-web-zip-").FullName;
        try
        {
            // A small upload that claims twenty million entries, and a real zip of 25,000 empty files.
            var claiming = Path.Combine(folder, "claims.zip");
            await File.WriteAllBytesAsync(claiming, ZipBombs.ClaimingEntries(20_000_000));
            var many = Path.Combine(folder, "many.zip");
            await File.WriteAllBytesAsync(many, ZipBombs.ManyEmptyFiles(25_000));

            await OpenUploadFormAsync(page, host);
            await page.SetInputFilesAsync("#code_zip", claiming);
            await page.ClickAsync("#submit-job");
            var claimed = await ErrorAsync(page);

            await OpenUploadFormAsync(page, host);
            await page.SetInputFilesAsync("#code_zip", many);
            await page.ClickAsync("#submit-job");
            var listed = await ErrorAsync(page);

            Assert.Equal("claims.zip lists 20000000 entries; a zip for a code bundle may list at most 20000", claimed);
            Assert.Equal("many.zip lists 25000 entries; a zip for a code bundle may list at most 20000", listed);
            Assert.Equal(0, (await host.Jobs(PlatformHost.AliceToken).ListJobsAsync(new ListJobsRequest { Collab = "neuro" })).TotalCount);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task FolderUpload_BeyondTheCollabsCodeStorage_IsRefusedWith429AndTheReason_AndNoJobIsMade()
    {
        await using var host = await WebPlatform.StartAsync(postgres, new Dictionary<string, string?> { ["Nmpi:CodeStorage:CollabAreaBytes"] = "5000" });
        var page = await browser.NewPageAsync();
        await page.SignInAsync(host, "alice", WebPlatform.AlicePassword);
        var folder = Directory.CreateTempSubdirectory("nmpi-web-code-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "run.py"), "print('hello')\n");
            await File.WriteAllBytesAsync(Path.Combine(folder, "weights.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(8000));

            await OpenUploadFormAsync(page, host);
            await page.SetInputFilesAsync("#code_files", folder);
            var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#submit-job"), r => r.Request.Method == "POST");

            Assert.Equal(429, response.Status);
            Assert.Contains("of at most 5000 bytes, so this file of 8000 bytes does not fit; nothing was stored", await page.ContentAsync(), StringComparison.Ordinal);
            Assert.Equal(0, (await host.Jobs(PlatformHost.AliceToken).ListJobsAsync(new ListJobsRequest { Collab = "neuro" })).TotalCount);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task OpenUploadFormAsync(Microsoft.Playwright.IPage page, PlatformHost host)
    {
        await page.GotoAsync(host.Url("/app/collabs/neuro/jobs/new"));
        await page.SelectOptionAsync("#hardware_platform", "Spikey");
        await page.CheckAsync("#code-kind-upload");
    }

    private static async Task<string> ErrorAsync(Microsoft.Playwright.IPage page) =>
        (await page.TextContentAsync(".field-error[data-field='code_files']") ?? "").Trim();
}
