using System.Reflection;

namespace Nmpi.Cli.Tests.Infrastructure;

/// <summary>A scientist's folder for one test: the current folder nmpi runs in, and a home and config folder of its own.</summary>
public sealed class CliWorkspace : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nmpi-cli-").FullName;

    public CliWorkspace()
    {
        Directory.CreateDirectory(Folder);
        Directory.CreateDirectory(Home);
    }

    /// <summary>The current folder of every nmpi run.</summary>
    public string Folder => Path.Combine(_root, "work");

    public string Home => Path.Combine(_root, "home");

    public string ConfigHome => Path.Combine(_root, "config");

    /// <summary>Where the tests' PyNN scripts are (tests/Nmpi.Cluster.Tests/Adapters/Scripts).</summary>
    public static string PyNNScripts { get; } = typeof(CliWorkspace).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PyNNScripts").Value!;

    /// <summary>Writes a file under the current folder.</summary>
    public string Write(string relative, string text)
    {
        var path = Path.Combine(Folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Writes nmpi_config.yml with these lines.</summary>
    public void Config(params string[] lines) => Write("nmpi_config.yml", string.Join('\n', lines) + "\n");

    /// <summary>Runs nmpi here.</summary>
    public Task<CliResult> RunAsync(params string[] args) => NmpiProcess.RunAsync(this, args);

    /// <summary>Runs nmpi here with the text as its standard input.</summary>
    public Task<CliResult> RunWithInputAsync(string input, params string[] args) => NmpiProcess.RunWithInputAsync(this, input, args);

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
