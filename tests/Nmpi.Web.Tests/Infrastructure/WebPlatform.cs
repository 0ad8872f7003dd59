using Microsoft.Playwright;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Web.Tests.Infrastructure;

/// <summary>A platform whose users alice (editor of neuro), bob (viewer of neuro), carol (editor of other) and admin (platform administrator) have passwords.</summary>
public static class WebPlatform
{
    public const string AlicePassword = "alice's long password";
    public const string BobPassword = "bob's long password";
    public const string CarolPassword = "carol's long password";
    public const string AdminPassword = "admin's long password";

    public static Task<PlatformHost> StartAsync(PostgresFixture postgres) => StartAsync(postgres, new Dictionary<string, string?>());

    /// <summary>The same platform with some settings of the test's own (e.g. a small storage limit).</summary>
    public static Task<PlatformHost> StartAsync(PostgresFixture postgres, IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(settings)
        {
            ["Nmpi:Auth:Users:0:Password"] = AlicePassword,
            ["Nmpi:Auth:Users:1:Password"] = BobPassword,
            ["Nmpi:Auth:Users:2:Password"] = CarolPassword,
            ["Nmpi:Auth:Users:3:Password"] = AdminPassword,
        };
        return PlatformHost.StartAsync(postgres, all);
    }

    /// <summary>The address of a page of the Job Manager.</summary>
    public static string Url(this PlatformHost host, string path) => host.HttpUrl.TrimEnd('/') + path;

    /// <summary>Signs in through the sign-in form and waits for the home page.</summary>
    public static async Task SignInAsync(this IPage page, PlatformHost host, string user, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(host.Url("/app/signin"));
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#signed-in-user");
    }
}
