using Nmpi.Gateway.Auth;

namespace Nmpi.Gateway.Tests;

/// <summary>The users and adapter keys the tests authenticate with.</summary>
internal static class TestAuth
{
    public const string AliceToken = "alice-token-0123456789";
    public const string BobToken = "bob-token-0123456789ab";
    public const string AdminToken = "admin-token-0123456789";
    public const string HeidelbergKey = "heidelberg-key-0123456789";

    public static AuthOptions Options() => new()
    {
        Users =
        [
            new() { Token = AliceToken, UserId = "alice", Collabs = new() { ["neuro-lab"] = "editor", ["shared"] = "viewer" } },
            new() { Token = BobToken, UserId = "bob", Collabs = new() { ["shared"] = "Administrator" } },
            new() { Token = AdminToken, UserId = "root", Admin = true },
        ],
        AdapterKeys = [new() { Key = HeidelbergKey, Site = "heidelberg", Platforms = ["BrainScaleS", "BrainScaleS-ESS"] }],
    };
}
