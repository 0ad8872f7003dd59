using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Accounts;

/// <summary>
/// The platform with the tenants the gateway's own tests used before users came from the database: alice edits
/// neuro-lab and views shared, bob administers shared. Their tokens are PlatformHost's.
/// </summary>
internal static class TenantPlatform
{
    public static Task<PlatformHost> StartAsync(PostgresFixture postgres, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Nmpi:Auth:Users:0:Collabs:neuro-lab"] = "editor",
            ["Nmpi:Auth:Users:0:Collabs:shared"] = "viewer",
            ["Nmpi:Auth:Users:1:Collabs:shared"] = "Administrator",
            // Tests create users and passwords; the production iteration count would only make them slow.
            ["Nmpi:Accounts:PasswordIterations"] = "1000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return PlatformHost.StartAsync(postgres, settings);
    }

    /// <summary>An Accounts client that sends the bearer token, or no credentials when it is null.</summary>
    public static Api.V1.Accounts.AccountsClient Accounts(this PlatformHost host, string? token = null) =>
        new(token is null ? host.Channel.CreateCallInvoker() : host.Channel.Intercept(headers => WithBearer(headers, token)));

    /// <summary>A Collabs client that sends the bearer token.</summary>
    public static Api.V1.Collabs.CollabsClient Collabs(this PlatformHost host, string token) =>
        new(host.Channel.Intercept(headers => WithBearer(headers, token)));

    public static Metadata User(string token) => new() { { "authorization", $"Bearer {token}" } };

    /// <summary>A well-formed submit to neuro-lab the tests break one field at a time.</summary>
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

    /// <summary>A seeded user with a password (and no token): dora, editor of neuro, e-mail dora@example.org.</summary>
    public static IDictionary<string, string?> Dora(int index = 4) => new Dictionary<string, string?>
    {
        [$"Nmpi:Auth:Users:{index}:UserId"] = "dora",
        [$"Nmpi:Auth:Users:{index}:Password"] = DoraPassword,
        [$"Nmpi:Auth:Users:{index}:Email"] = "dora@example.org",
        [$"Nmpi:Auth:Users:{index}:Collabs:neuro"] = "editor",
    };

    public const string DoraPassword = "dora-password-0123";

    public static Struct Json(string json) => JsonParser.Default.Parse<Struct>(json);

    private static Metadata WithBearer(Metadata headers, string token)
    {
        headers.Add("authorization", $"Bearer {token}");
        return headers;
    }
}
