using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Nmpi.Cli.Config;

/// <summary>Reads nmpi_config.yml, refusing anything it does not understand with the line and what is wrong.</summary>
public static partial class ProjectConfigFile
{
    /// <summary>The folder's nmpi_config.yml, or null when there is none.</summary>
    public static ProjectConfig? Load(string folder)
    {
        var path = Path.Combine(folder, ProjectConfig.FileName);
        return File.Exists(path) ? Parse(File.ReadAllText(path)) : null;
    }

    /// <summary>Parses the file's text; a problem is a usage error naming the line.</summary>
    public static ProjectConfig Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw Problem(e.Start.Line, $"this is not valid YAML ({Describe(e)})");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new ProjectConfig();
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Problem(stream.Documents[0].RootNode.Start.Line, "the file must be a list of `setting: value` lines, e.g. `collab_id: my-collab`");
        }

        var config = new ProjectConfig();
        foreach (var (keyNode, value) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var line = keyNode.Start.Line;
            config = key switch
            {
                "username" => config with { Username = Text(key, value) },
                "collab_id" => config with { CollabId = Text(key, value) },
                "default_platform" => config with { DefaultPlatform = Text(key, value) },
                "default_output_dir" => config with { DefaultOutputDir = Text(key, value) },
                "token" => config with { Token = Text(key, value) },
                "server" => config with { Server = TextOrList(key, value) },
                "hardware_config" => config with { HardwareConfig = Mapping(key, value) },
                _ => throw Problem(line, $"unknown setting '{key}'; the settings are {string.Join(", ", ProjectConfig.Keys)}"),
            };
        }

        return config;
    }

    private static string? Text(string key, YamlNode value)
    {
        if (value is YamlScalarNode scalar)
        {
            return scalar.Style is ScalarStyle.Plain && scalar.Value is "" or "~" or "null" ? null : scalar.Value;
        }

        throw Problem(value.Start.Line, $"{key} must be a single value, e.g. `{key}: {Example(key)}`");
    }

    // The server may be one address or a list of gateways, kept as the comma-separated form --server takes.
    private static string? TextOrList(string key, YamlNode value) =>
        value is YamlSequenceNode list
            ? string.Join(",", list.Children.Select(item => item is YamlScalarNode { Value: { } text } ? text : throw Problem(item.Start.Line, $"each {key} in the list must be one address, e.g. `- {Example(key)}`")))
            : Text(key, value);

    private static JsonObject? Mapping(string key, YamlNode value)
    {
        if (value is YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" or null })
        {
            return null;
        }

        if (value is not YamlMappingNode)
        {
            throw Problem(value.Start.Line, $"{key} must be a mapping of keys to values, e.g. `{key}: {{WAFER_MODULE: 24}}`");
        }

        try
        {
            return (JsonObject)YamlJson.ToJson(value)!;
        }
        catch (YamlException e)
        {
            throw Problem(e.Start.Line, $"{key}: {Describe(e)}");
        }
    }

    private static string Example(string key) => key switch
    {
        "collab_id" => "my-collab",
        "default_platform" => "SpiNNaker",
        "default_output_dir" => "results",
        "server" => "http://127.0.0.1:5080",
        _ => "value",
    };

    private static CommandFailure Problem(long line, string what) =>
        CommandFailure.Usage($"{ProjectConfig.FileName}, line {line}: {what}.");

    // YamlDotNet prefixes its messages with the position, which the line number already says.
    private static string Describe(YamlException e) =>
        PositionPrefix().Replace(e.InnerException?.Message ?? e.Message, "").TrimEnd('.');

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex PositionPrefix();
}
