namespace Nmpi.Cli.Config;

/// <summary>What `nmpi login` keeps: a token per server, and the server logged in to last.</summary>
public sealed class CredentialFile
{
    /// <summary>The server used when neither --server nor nmpi_config.yml names one.</summary>
    public string? DefaultServer { get; set; }

    /// <summary>Tokens by server address.</summary>
    public Dictionary<string, string> Tokens { get; set; } = new(StringComparer.Ordinal);
}
