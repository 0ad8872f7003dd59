using System.CommandLine;
using System.Text.Json.Nodes;
using Nmpi.Api.V1;
using Nmpi.Cli.Output;

namespace Nmpi.Cli.Commands;

/// <summary>`nmpi collabs`: the collabs you belong to, one collab's members, and managing a collab you administer.</summary>
public static class CollabCommands
{
    private static readonly string[] RoleNames = ["viewer", "editor", "administrator"];

    public static Command Create()
    {
        var command = new Command("collabs", "List your collabs and your role in each (jobs and quotas belong to a collab).")
        {
            Show(), CreateCollab(), Add(), SetRole(), Remove(),
        };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            using var client = session.Connect();
            var collabs = await client.ListCollabsAsync(cancellationToken);
            if (session.Json)
            {
                session.Terminal.Line(new JsonArray([.. collabs.Select(c => new JsonObject
                {
                    ["id"] = c.CollabId,
                    ["title"] = c.Title,
                    ["role"] = Role(c.Role),
                    ["private"] = c.IsPrivate,
                })]).ToJsonString());
                return ExitCodes.Ok;
            }

            session.Terminal.Table(
                ["COLLAB", "ROLE", "TITLE"],
                [.. collabs.Select(c => new[] { c.CollabId, Role(c.Role), c.IsPrivate ? $"{c.Title} (private)" : c.Title })],
                collabs.Count == 0 ? "You belong to no collab yet: create one with `nmpi collabs create ID`." : null);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var id = CollabId();
        var command = new Command("show", "A collab with its members and their roles.") { id };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            using var client = session.Connect();
            Print(session, await client.GetCollabAsync(parse.GetValue(id)!, cancellationToken));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateCollab()
    {
        var id = new Argument<string>("ID") { Description = "Lower-case letters, digits, '.', '_' and '-'; 2 to 64 characters." };
        var title = new Option<string?>("--title") { Description = "A title (else the id)." };
        var command = new Command("create", "Create a collab; you become its administrator.") { id, title };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            using var client = session.Connect();
            var collab = await client.CreateCollabAsync(parse.GetValue(id)!, parse.GetValue(title), cancellationToken);
            if (!session.Json)
            {
                session.Terminal.Info($"Created collab '{collab.Id}'; add members with `nmpi collabs add {collab.Id} USER --role editor`.");
            }

            Print(session, collab);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Add()
    {
        var (id, user, role) = (CollabId(), UserId(), RoleOption());
        var command = new Command("add", "Add a user to a collab you administer (viewers read, editors also submit, administrators manage members).") { id, user, role };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            using var client = session.Connect();
            Print(session, await client.AddMemberAsync(parse.GetValue(id)!, parse.GetValue(user)!, ParseRole(parse.GetValue(role)!), cancellationToken));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command SetRole()
    {
        var (id, user) = (CollabId(), UserId());
        var role = new Argument<string>("ROLE") { Description = "viewer, editor or administrator." };
        var command = new Command("set-role", "Change a member's role in a collab you administer.") { id, user, role };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            using var client = session.Connect();
            Print(session, await client.SetMemberRoleAsync(parse.GetValue(id)!, parse.GetValue(user)!, ParseRole(parse.GetValue(role)!), cancellationToken));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove()
    {
        var (id, user) = (CollabId(), UserId());
        var command = new Command("remove", "Remove a member from a collab you administer.") { id, user };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            using var client = session.Connect();
            Print(session, await client.RemoveMemberAsync(parse.GetValue(id)!, parse.GetValue(user)!, cancellationToken));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(CliSession session, Collab collab)
    {
        if (session.Json)
        {
            session.Terminal.WriteJson(new JsonObject
            {
                ["id"] = collab.Id,
                ["title"] = collab.Title,
                ["private"] = collab.IsPrivate,
                ["created_by"] = collab.CreatedBy,
                ["created_at"] = JobText.Time(collab.CreatedAt),
                ["my_role"] = collab.MyRole == CollabRole.Unspecified ? null : Role(collab.MyRole),
                ["members"] = new JsonArray([.. collab.Members.Select(m => new JsonObject { ["user_id"] = m.UserId, ["role"] = Role(m.Role) })]),
            });
            return;
        }

        session.Terminal.Line($"{collab.Id}: {collab.Title}{(collab.IsPrivate ? " (private)" : "")}, created by {collab.CreatedBy} {JobText.Time(collab.CreatedAt)}");
        session.Terminal.Table(["MEMBER", "ROLE", "ADDED BY"], [.. collab.Members.Select(m => new[] { m.UserId, Role(m.Role), m.AddedBy })]);
    }

    private static Argument<string> CollabId() => new("COLLAB") { Description = "The collab's id." };

    private static Argument<string> UserId() => new("USER") { Description = "The user's id (username)." };

    private static Option<string> RoleOption() => new("--role", "-r")
    {
        Description = "viewer, editor or administrator.",
        DefaultValueFactory = _ => "viewer",
    };

    private static CollabRole ParseRole(string text) => text.ToLowerInvariant() switch
    {
        "viewer" => CollabRole.Viewer,
        "editor" => CollabRole.Editor,
        "administrator" or "admin" => CollabRole.Administrator,
        _ => throw CommandFailure.Usage($"Unknown role '{text}': the roles are {string.Join(", ", RoleNames)}."),
    };

    private static string Role(CollabRole role) => role switch
    {
        CollabRole.Viewer => "viewer",
        CollabRole.Editor => "editor",
        CollabRole.Administrator => "administrator",
        _ => "-",
    };
}
