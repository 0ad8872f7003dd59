using System.CommandLine;

namespace Nmpi.Cli.Commands;

/// <summary>Runs a command's body in a session, turning every failure into one line of advice and its exit code.</summary>
public static class CommandRunner
{
    /// <summary>Sets the command's action to run <paramref name="body"/>.</summary>
    public static void Handle(this Command command, Func<ParseResult, CliSession, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, cancellationToken, body));
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken, Func<ParseResult, CliSession, CancellationToken, Task<int>> body)
    {
        CliSession? session = null;
        try
        {
            session = new CliSession(parse);
            return await body(parse, session, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("Interrupted. Jobs already submitted go on: `nmpi list` shows them.");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            var failure = ErrorAdvice.Explain(e, ServerOf(session));
            Console.Error.WriteLine(failure.Message);
            if (Environment.GetEnvironmentVariable("NMPI_DEBUG") == "1")
            {
                Console.Error.WriteLine(e);
            }

            return failure.ExitCode;
        }
    }

    private static string ServerOf(CliSession? session)
    {
        try
        {
            return session?.Server ?? CliSession.DefaultServer;
        }
        catch (CommandFailure)
        {
            return "the configured server";
        }
    }
}
