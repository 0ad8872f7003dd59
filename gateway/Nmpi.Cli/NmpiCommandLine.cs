using System.CommandLine;
using Nmpi.Cli.Commands;

namespace Nmpi.Cli;

/// <summary>The nmpi command tree, and how a command line becomes an exit code.</summary>
public static class NmpiCommandLine
{
    /// <summary>Every command with the global options.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("nmpi: run PyNN scripts on neuromorphic platforms and fetch their results (exit codes: see `nmpi --help` and docs/cli.md).")
        {
            GlobalOptions.Server,
            GlobalOptions.Token,
            GlobalOptions.Output,
            RunCommand.Create(),
            CheckCommand.Create(),
            SubmitCommand.Create(),
            ListCommand.Create(),
            JobCommands.Status(),
            JobCommands.Log(),
            JobCommands.Cancel(),
            JobCommands.Download(),
            CommentCommands.Create(),
            QuotaCommand.Create(),
            CollabCommands.Create(),
            LoginCommands.Login(),
            LoginCommands.Logout(),
        };
        return root;
    }

    /// <summary>Parses and runs; a command line that does not parse is a usage error (exit 2).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Create().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }

            await Console.Error.WriteLineAsync($"See `nmpi {string.Join(' ', CommandPath(parse))} --help`.".Replace("  ", " ", StringComparison.Ordinal));
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync();
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result?.Parent is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command.Name);
        }

        return names;
    }
}
