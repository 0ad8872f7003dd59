using System.CommandLine;

namespace Nmpi.Cli;

/// <summary>Options every command takes: where the server is, the token, and whether to print JSON.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> Server = new("--server")
    {
        Description = "The gateway's gRPC address, or several separated by commas, tried in order when one is down (else NMPI_SERVER, else `server:` in nmpi_config.yml, else the last `nmpi login`, else http://127.0.0.1:5080).",
        Recursive = true,
    };

    public static readonly Option<string?> Token = new("--token")
    {
        Description = "Your access token (else `token:` in nmpi_config.yml, else the one `nmpi login` stored).",
        Recursive = true,
    };

    public static readonly Option<string> Output = new("--output")
    {
        Description = "text (default) or json, for scripts.",
        Recursive = true,
        DefaultValueFactory = _ => "text",
    };

    static GlobalOptions()
    {
        Output.AcceptOnlyFromAmong("text", "json");
    }
}
