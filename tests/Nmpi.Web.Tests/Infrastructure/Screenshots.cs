using Microsoft.Playwright;

namespace Nmpi.Web.Tests.Infrastructure;

/// <summary>Keeps a screenshot of each page as a test artifact: .nmpi/test-results/screenshots in the repository (where CI collects results).</summary>
public static class Screenshots
{
    public static string Directory { get; } = Find();

    public static async Task TakeAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        System.IO.Directory.CreateDirectory(Directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Directory, name + ".png"), FullPage = true });
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nmpi.Orleans.sln")))
            {
                return Path.Combine(dir.FullName, ".nmpi", "test-results", "screenshots");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "screenshots");
    }
}
