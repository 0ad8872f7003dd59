using System.CommandLine;
using Nmpi.Api.Platforms;
using Nmpi.Cli.Config;
using Nmpi.Cli.Output;
using Nmpi.Client;

namespace Nmpi.Cli;

/// <summary>One invocation of nmpi: its folder, its settings (options over nmpi_config.yml over the token cache), its console.</summary>
public sealed class CliSession
{
    /// <summary>The server of local mode, used when nothing else names one.</summary>
    public const string DefaultServer = "http://127.0.0.1:5080";

    private readonly ParseResult _parse;
    private ProjectConfig? _config;
    private bool _configLoaded;

    public CliSession(ParseResult parse)
    {
        _parse = parse;
        WorkingDirectory = Environment.CurrentDirectory;
        Json = parse.GetValue(GlobalOptions.Output) == "json";
        Terminal = new Terminal(Json);
        Credentials = TokenCache.ForCurrentUser();
    }

    public string WorkingDirectory { get; }

    public bool Json { get; }

    public Terminal Terminal { get; }

    public TokenCache Credentials { get; }

    /// <summary>nmpi_config.yml of the current folder, or null when there is none.</summary>
    public ProjectConfig? Config
    {
        get
        {
            if (!_configLoaded)
            {
                _config = ProjectConfigFile.Load(WorkingDirectory);
                _configLoaded = true;
            }

            return _config;
        }
    }

    /// <summary>The environment variable naming the server (one address or several, comma-separated), below --server.</summary>
    public const string ServerVariable = "NMPI_SERVER";

    /// <summary>The server address (or comma-separated addresses) to use: --server, NMPI_SERVER, nmpi_config.yml, the last login, local mode.</summary>
    public string Server =>
        _parse.GetValue(GlobalOptions.Server)
        ?? NonEmpty(Environment.GetEnvironmentVariable(ServerVariable))
        ?? Config?.Server
        ?? Credentials.Read().DefaultServer
        ?? DefaultServer;

    /// <summary>Connects as the configured user; no token at all is a usage error saying how to get one.</summary>
    public NmpiClient Connect()
    {
        var server = Server;
        var token = _parse.GetValue(GlobalOptions.Token) ?? Config?.Token;
        if (string.IsNullOrEmpty(token))
        {
            Credentials.Read().Tokens.TryGetValue(server, out token);
        }

        if (string.IsNullOrEmpty(token))
        {
            throw CommandFailure.Usage($"No token for {server}: run `nmpi login --token TOKEN`, set `token:` in nmpi_config.yml, or pass --token.");
        }

        return new NmpiClient(new NmpiClientOptions { Addresses = ServerUris(server), Token = token, Username = Config?.Username, MaxAttempts = 3 });
    }

    /// <summary>The platform from -p, else default_platform; checked against the known platforms.</summary>
    public string Platform(string? option)
    {
        var platform = option ?? Config?.DefaultPlatform ?? throw Missing("--platform", "default_platform");
        return PlatformCatalog.Find(platform) is null
            ? throw CommandFailure.Usage($"Unknown platform '{platform}': the platforms are {string.Join(", ", PlatformCatalog.All.Select(p => p.Name))}.")
            : platform;
    }

    /// <summary>The collab from -c, else collab_id.</summary>
    public string Collab(string? option) => option ?? Config?.CollabId ?? throw Missing("--collab", "collab_id");

    /// <summary>The output folder from -o, else default_output_dir, else the current folder; absolute.</summary>
    public string OutputDirectory(string? option) =>
        Path.GetFullPath(option ?? Config?.DefaultOutputDir ?? ".", WorkingDirectory);

    /// <summary>Checks a server setting of one address or several, comma-separated (tried in order); the error names the bad address.</summary>
    public static IReadOnlyList<Uri> ServerUris(string server) =>
        GatewayAddresses.TryParse(server, out var addresses, out var problem)
            ? addresses
            : throw CommandFailure.Usage($"{(problem.StartsWith('\'') ? "The server address " : "The server addresses cannot be used together: ")}{problem}: fix `server:` in nmpi_config.yml, {ServerVariable} or --server.");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private CommandFailure Missing(string option, string setting) =>
        Config is null
            ? CommandFailure.Usage($"No {ProjectConfig.FileName} here and no --platform/--collab: create {ProjectConfig.FileName} (see `nmpi run --help`) or pass them.")
            : CommandFailure.Usage($"No {option.TrimStart('-')} given: pass {option} or set `{setting}:` in {ProjectConfig.FileName}.");
}
