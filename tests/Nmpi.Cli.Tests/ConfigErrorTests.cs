using Nmpi.Cli.Tests.Infrastructure;

namespace Nmpi.Cli.Tests;

/// <summary>Mistakes in nmpi_config.yml and on the command line: each one line of advice and exit code 2, before any call.</summary>
public sealed class ConfigErrorTests : IDisposable
{
    private readonly CliWorkspace _workspace = new();

    public ConfigErrorTests()
    {
        _workspace.Write("run.py", "print('hello')\n");
    }

    [Fact]
    public async Task Run_WithoutConfigOrOptions_SaysToCreateTheConfigOrPassThem()
    {
        var result = await _workspace.RunAsync("run", "run.py");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("No nmpi_config.yml here and no --platform/--collab: create nmpi_config.yml (see `nmpi run --help`) or pass them.", result.Stderr.Trim());
    }

    [Fact]
    public async Task Run_ConfigWithoutCollab_NamesTheOptionAndTheSetting()
    {
        _workspace.Config("default_platform: SpiNNaker");

        var result = await _workspace.RunAsync("run", "run.py");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("No collab given: pass --collab or set `collab_id:` in nmpi_config.yml.", result.Stderr.Trim());
    }

    [Fact]
    public async Task Run_UnknownPlatform_ListsTheKnownOnes()
    {
        var result = await _workspace.RunAsync("run", "run.py", "-p", "Loihi", "-c", "neuro");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("Unknown platform 'Loihi': the platforms are BrainScaleS, SpiNNaker, BrainScaleS-ESS, Spikey.", result.Stderr.Trim());
    }

    [Theory]
    [InlineData("collab_id: neuro\ndefault_platform: [SpiNNaker\n", "nmpi_config.yml, line 3: this is not valid YAML")]
    [InlineData("collab_id: neuro\ncolab: other\n", "nmpi_config.yml, line 2: unknown setting 'colab'; the settings are username, collab_id, default_platform, default_output_dir, token, hardware_config, server.")]
    [InlineData("collab_id: neuro\nhardware_config: [1, 2]\n", "nmpi_config.yml, line 2: hardware_config must be a mapping of keys to values")]
    [InlineData("collab_id:\n  - a\n  - b\n", "nmpi_config.yml, line 2: collab_id must be a single value, e.g. `collab_id: my-collab`.")]
    [InlineData("- collab_id\n", "nmpi_config.yml, line 1: the file must be a list of `setting: value` lines")]
    [InlineData("collab_id: neuro\nserver: ftp://example\ndefault_platform: SpiNNaker\ntoken: t\n", "The server address 'ftp://example' is not an http:// or https:// URL")]
    [InlineData("collab_id: neuro\nserver:\n  - http://127.0.0.1:1\n  - gateway-b\ndefault_platform: SpiNNaker\ntoken: t\n", "The server address 'gateway-b' is not an http:// or https:// URL")]
    [InlineData("collab_id: neuro\nserver: http://127.0.0.1:1,https://b.example.org\ndefault_platform: SpiNNaker\ntoken: t\n", "The server addresses cannot be used together: the addresses http://127.0.0.1:1/, https://b.example.org/ mix http:// and https://")]
    [InlineData("collab_id: neuro\nserver:\n  - {host: a}\n", "nmpi_config.yml, line 3: each server in the list must be one address")]
    public async Task Run_BrokenConfig_NamesTheLineAndWhatIsWrong(string yaml, string expected)
    {
        _workspace.Write("nmpi_config.yml", yaml);

        var result = await _workspace.RunAsync("run", "run.py");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, result.Stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Run_MissingScript_SaysWhichPath()
    {
        _workspace.Config("collab_id: neuro", "default_platform: SpiNNaker", "token: t");

        var result = await _workspace.RunAsync("run", "missing.py");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"No script {Path.Combine(_workspace.Folder, "missing.py")}: give the path of a Python script, e.g. `nmpi run run.py`.", result.Stderr.Trim());
    }

    [Fact]
    public async Task Run_NoTokenAnywhere_SaysHowToGiveOne()
    {
        _workspace.Config("collab_id: neuro", "default_platform: SpiNNaker", "server: http://127.0.0.1:1");

        var result = await _workspace.RunAsync("run", "run.py");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("No token for http://127.0.0.1:1: run `nmpi login --token TOKEN`, set `token:` in nmpi_config.yml, or pass --token.", result.Stderr.Trim());
    }

    [Fact]
    public async Task UnknownOption_IsAUsageErrorPointingToHelp()
    {
        var result = await _workspace.RunAsync("list", "--colour");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--colour", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("See `nmpi list --help`.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WithoutUsernameOrToken_SaysWhatToPass()
    {
        var result = await _workspace.RunAsync("login");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "Say who you are: `nmpi login -u USERNAME` (or `username:` in nmpi_config.yml), or store a token with `nmpi login --token TOKEN`.",
            result.Stderr.Trim());
    }

    public void Dispose() => _workspace.Dispose();
}
