namespace Nmpi.Client;

/// <summary>What the token cache keeps: a token per server, and the server signed in to last.</summary>
public sealed class CachedTokens
{
    /// <summary>The server signed in to last: the default when none is named.</summary>
    public string? DefaultServer { get; set; }

    /// <summary>Tokens by server address.</summary>
    public Dictionary<string, string> Tokens { get; set; } = new(StringComparer.Ordinal);
}
