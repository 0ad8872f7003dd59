using System.Security.Cryptography;
using System.Text;

namespace Nmpi.Gateway.CodeBundles;

/// <summary>Whose code store a file or bundle is in: a collab's, or (Collab null) one user's own.</summary>
public sealed record CodeOwner(string? Collab, string UserId)
{
    /// <summary>The owner as one string; bundle ids and store areas are derived from it.</summary>
    public string Key => Collab is { } collab ? "collab:" + collab : "user:" + UserId;

    /// <summary>The owner's area of the artifact store: a digest, so any user id or collab name makes a safe directory name.</summary>
    public string Area => AreaOf(Key);

    /// <summary>The area of the artifact store that holds the code files of the owner with this key.</summary>
    public static string AreaOf(string key) => "code/" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];

    /// <summary>The owner as a person reads it in a message: "your own code store" or "collab 'x'".</summary>
    public string Description => Collab is { } collab ? $"collab '{collab}'" : $"user '{UserId}'";
}
