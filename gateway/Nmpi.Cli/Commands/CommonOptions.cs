using System.CommandLine;

namespace Nmpi.Cli.Commands;

/// <summary>Options several commands share, created afresh for each (an option belongs to one command).</summary>
public static class CommonOptions
{
    public static Option<string?> Platform(string description = "The hardware platform (else `default_platform:` in nmpi_config.yml).") =>
        new("--platform", "-p") { Description = description };

    public static Option<string?> Collab(string description = "The collab the job belongs to (else `collab_id:` in nmpi_config.yml).") =>
        new("--collab", "-c") { Description = description };

    public static Option<string?> OutputDir() =>
        new("--output-dir", "-o") { Description = "Where results go, as OUTPUT/<collab>/job_<id>/ (else `default_output_dir:`, else the current folder)." };

    public static Option<string[]> Tags(string description = "A tag for the job (repeatable).") =>
        new("--tag", "-t") { Description = description, AllowMultipleArgumentsPerToken = false, Arity = ArgumentArity.ZeroOrMore };

    public static Argument<long> JobId() => new("ID") { Description = "The job's id." };
}
