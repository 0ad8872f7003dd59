using System.Text.Json.Nodes;

namespace Nmpi.Cli.Config;

/// <summary>The settings of nmpi_config.yml in the current folder (the EBRAINS file, plus the server address).</summary>
public sealed record ProjectConfig
{
    /// <summary>The file's name; nmpi reads it from the current folder only.</summary>
    public const string FileName = "nmpi_config.yml";

    /// <summary>Every setting the file may hold.</summary>
    public static readonly IReadOnlyList<string> Keys = ["username", "collab_id", "default_platform", "default_output_dir", "token", "hardware_config", "server"];

    public string? Username { get; init; }

    public string? CollabId { get; init; }

    public string? DefaultPlatform { get; init; }

    public string? DefaultOutputDir { get; init; }

    public string? Token { get; init; }

    public JsonObject? HardwareConfig { get; init; }

    /// <summary>The gateway address, or several comma-separated (the file may also give them as a YAML list).</summary>
    public string? Server { get; init; }
}
