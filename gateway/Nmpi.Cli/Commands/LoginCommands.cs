using System.CommandLine;
using System.Text.Json.Nodes;
using Nmpi.Client;

namespace Nmpi.Cli.Commands;

/// <summary>`nmpi login --token` and `nmpi logout`: the token cache in the user's config folder.</summary>
public static class LoginCommands
{
    public static Command Login()
    {
        var command = new Command("login", "Check a token against the server and store it for later commands (login with a password is not available yet).");
        command.Handle(async (parse, session, cancellationToken) =>
        {
            var token = parse.GetValue(GlobalOptions.Token);
            if (string.IsNullOrEmpty(token))
            {
                throw CommandFailure.Usage("Pass the token to store: `nmpi login --token TOKEN` (login with a password is not available yet).");
            }

            var server = session.Server;
            using (var client = new NmpiClient(new NmpiClientOptions { Address = CliSession.ServerUri(server), Token = token, MaxAttempts = 3 }))
            {
                // The cheapest call that needs a valid token.
                await client.ListJobsPageAsync(new JobQuery { PageSize = 1 }, null, cancellationToken);
            }

            var credentials = session.Credentials.Read();
            credentials.Tokens[server] = token;
            credentials.DefaultServer = server;
            session.Credentials.Write(credentials);
            if (session.Json)
            {
                session.Terminal.WriteJson(new JsonObject { ["server"] = server, ["credentials_file"] = session.Credentials.FilePath });
            }
            else
            {
                session.Terminal.Line($"Logged in to {server}; the token is stored in {session.Credentials.FilePath} (readable by you only).");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Logout()
    {
        var command = new Command("logout", "Forget the stored token of the server.");
        command.Handle((parse, session, cancellationToken) =>
        {
            var server = session.Server;
            var credentials = session.Credentials.Read();
            var removed = credentials.Tokens.Remove(server);
            if (credentials.DefaultServer == server)
            {
                credentials.DefaultServer = null;
            }

            if (removed)
            {
                session.Credentials.Write(credentials);
            }

            session.Terminal.Line(removed ? $"Logged out of {server}: its token is forgotten." : $"No token was stored for {server}.");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
