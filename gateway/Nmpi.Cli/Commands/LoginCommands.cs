using System.CommandLine;
using System.Text.Json.Nodes;
using Nmpi.Client;

namespace Nmpi.Cli.Commands;

/// <summary>`nmpi login` (password or --token) and `nmpi logout`: the token cache in the user's config folder.</summary>
public static class LoginCommands
{
    private static readonly Option<string?> Username = new("--username", "-u")
    {
        Description = "Sign in with this username and its password (else `username:` in nmpi_config.yml).",
    };

    private static readonly Option<bool> PasswordStdin = new("--password-stdin")
    {
        Description = "Read the password from standard input (for scripts) instead of asking for it.",
    };

    private static readonly Option<bool> AllSessions = new("--all")
    {
        Description = "Also end every other session of yours on the server (sign out everywhere).",
    };

    public static Command Login()
    {
        var command = new Command(
            "login",
            "Sign in with your username and password (or check a token given with --token) and store the token for later commands.")
        {
            Username,
            PasswordStdin,
        };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            var server = session.Server;
            var token = parse.GetValue(GlobalOptions.Token);
            string? user = null;
            if (string.IsNullOrEmpty(token))
            {
                var username = parse.GetValue(Username) ?? session.Config?.Username;
                if (string.IsNullOrEmpty(username))
                {
                    throw CommandFailure.Usage("Say who you are: `nmpi login -u USERNAME` (or `username:` in nmpi_config.yml), or store a token with `nmpi login --token TOKEN`.");
                }

                var password = ReadPassword(parse.GetValue(PasswordStdin));
                NmpiClient signedIn;
                try
                {
                    signedIn = await NmpiClient.LoginAsync(CliSession.ServerUris(server)[0], username, password, cancellationToken: cancellationToken);
                }
                catch (NmpiException e) when (e.StatusCode == Grpc.Core.StatusCode.Unauthenticated)
                {
                    throw new CommandFailure(ExitCodes.Refused, $"Wrong username or password for {server}: check them and run `nmpi login -u {username}` again.", e);
                }

                using var _ = signedIn;
                token = signedIn.Token;
                var me = await signedIn.WhoAmIAsync(cancellationToken);
                user = me.User.UserId;
            }
            else
            {
                using var client = new NmpiClient(new NmpiClientOptions { Addresses = CliSession.ServerUris(server), Token = token, MaxAttempts = 3 });

                // The cheapest call that needs a valid token.
                await client.ListJobsPageAsync(new JobQuery { PageSize = 1 }, null, cancellationToken);
            }

            session.Credentials.Store(server, token);
            if (session.Json)
            {
                session.Terminal.WriteJson(new JsonObject { ["server"] = server, ["user"] = user, ["credentials_file"] = session.Credentials.FilePath });
            }
            else
            {
                var who = user is null ? "" : $" as {user}";
                session.Terminal.Line($"Logged in to {server}{who}; the token is stored in {session.Credentials.FilePath} (readable by you only).");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    // The password never comes from the command line, where other users of the machine could see it.
    private static string ReadPassword(bool fromStdin)
    {
        if (fromStdin || Console.IsInputRedirected)
        {
            var line = Console.In.ReadLine();
            return string.IsNullOrEmpty(line)
                ? throw CommandFailure.Usage("No password on standard input: pipe it in, e.g. `nmpi login -u USERNAME --password-stdin < password-file`.")
                : line;
        }

        Console.Error.Write("Password: ");
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return password.ToString();
    }

    public static Command Logout()
    {
        var command = new Command("logout", "Sign out: revoke the stored token on the server (--all: every session of yours), then forget it.")
        {
            AllSessions,
        };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            var server = session.Server;
            var credentials = session.Credentials.Read();
            if (!credentials.Tokens.TryGetValue(server, out var token) || string.IsNullOrEmpty(token))
            {
                session.Terminal.Line($"No token was stored for {server}.");
                return ExitCodes.Ok;
            }

            // The server is asked first; whatever it answers, the token is forgotten here.
            var (exitCode, outcome) = await RevokeAsync(server, token, parse.GetValue(AllSessions), cancellationToken);
            credentials.Tokens.Remove(server);
            if (credentials.DefaultServer == server)
            {
                credentials.DefaultServer = null;
            }

            session.Credentials.Write(credentials);
            var message = $"Logged out of {server}: {outcome}; its token is forgotten here.";
            if (exitCode == ExitCodes.Ok)
            {
                session.Terminal.Line(message);
            }
            else
            {
                session.Terminal.Error(message);
            }

            return exitCode;
        });
        return command;
    }

    private static async Task<(int ExitCode, string Outcome)> RevokeAsync(string server, string token, bool allSessions, CancellationToken cancellationToken)
    {
        using var client = new NmpiClient(new NmpiClientOptions { Addresses = CliSession.ServerUris(server), Token = token, MaxAttempts = 1, CallTimeout = TimeSpan.FromSeconds(30) });
        try
        {
            var revoked = await client.LogoutAsync(allSessions, cancellationToken);
            return (ExitCodes.Ok, revoked == 1 ? "the server revoked the token" : $"the server revoked {revoked} tokens");
        }
        catch (NmpiException e) when (e.StatusCode == Grpc.Core.StatusCode.Unauthenticated)
        {
            return (ExitCodes.Ok, "the server no longer accepted the token (expired or revoked already)");
        }
        catch (NmpiException e) when (e.StatusCode is Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.DeadlineExceeded)
        {
            return (ExitCodes.Unreachable, "the server could not be reached, so the token was not revoked and stays valid until it expires");
        }
        catch (NmpiException e)
        {
            // For instance a token of the external identity provider, which only the provider ends.
            return (ExitCodes.Refused, $"the server did not revoke the token ({e.Message}) and it stays valid until it expires");
        }
    }
}
