using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Nmpi.Api.V1;

namespace Nmpi.Cli.Commands;

/// <summary>`nmpi quota`: usage against limits per collab and platform; `nmpi quota request` asks for more.</summary>
public static class QuotaCommand
{
    public static Command Create()
    {
        var collab = CommonOptions.Collab("Only this collab.");
        var platform = CommonOptions.Platform("Only this platform.");
        var command = new Command("quota", "Show quotas: usage against limits, in each platform's units.") { collab, platform, Request() };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            var platformName = parse.GetValue(platform) is { } name ? session.Platform(name) : null;
            using var client = session.Connect();
            var quotas = await client.ListQuotasAsync(parse.GetValue(collab), platformName, cancellationToken);
            if (session.Json)
            {
                session.Terminal.Line(new JsonArray([.. quotas.Select(Json)]).ToJsonString());
                return ExitCodes.Ok;
            }

            string[] header = ["COLLAB", "PLATFORM", "USED", "LIMIT", "RESERVED", "REMAINING", "UNITS", "EXPIRES"];
            var rows = quotas.Select(q => new[]
            {
                q.Collab, q.Platform, Amount(q.Used), Amount(q.Limit), Amount(q.Reserved), Amount(q.Remaining), q.Units,
                q.ExpiresAt is null ? "never" : q.ExpiresAt.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture) + (q.Expired ? " (expired)" : ""),
            }).ToList();
            session.Terminal.Table(header, rows);
            if (rows.Count == 0)
            {
                session.Terminal.Line("No quotas yet: ask for one with `nmpi quota request`.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Request()
    {
        var collab = new Option<string>("--collab", "-c") { Description = "The collab the resources are for.", Required = true };
        var title = new Option<string>("--title") { Description = "The request's title.", Required = true };
        var summary = new Option<string>("--abstract") { Description = "What the resources are for.", DefaultValueFactory = _ => "" };
        var amounts = new Option<string[]>("--amount") { Description = "PLATFORM=AMOUNT in the platform's units (repeatable).", Arity = ArgumentArity.OneOrMore, Required = true };
        var submit = new Option<bool>("--submit") { Description = "Submit the request for review at once (else it stays in preparation)." };
        var command = new Command("request", "Ask for resources for a collab: a resource request, reviewed by the platform's administrators.")
        {
            collab, title, summary, amounts, submit,
        };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            var asked = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var text in parse.GetValue(amounts) ?? [])
            {
                var parts = text.Split('=', 2);
                if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
                {
                    throw CommandFailure.Usage($"--amount '{text}' is not PLATFORM=AMOUNT (e.g. SpiNNaker=100).");
                }

                asked[session.Platform(parts[0])] = amount;
            }

            using var client = session.Connect();
            var request = await client.RequestResourcesAsync(
                parse.GetValue(collab)!, parse.GetValue(title)!, parse.GetValue(summary) ?? "", asked, parse.GetValue(submit), cancellationToken);
            session.Terminal.Line(session.Json
                ? new JsonObject { ["id"] = request.Id, ["collab"] = request.Collab, ["status"] = Status(request.Status) }.ToJsonString()
                : $"Resource request {request.Id} for collab '{request.Collab}' is {Status(request.Status)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static JsonObject Json(Quota q) => new()
    {
        ["collab"] = q.Collab,
        ["platform"] = q.Platform,
        ["units"] = q.Units,
        ["limit"] = q.Limit,
        ["used"] = q.Used,
        ["reserved"] = q.Reserved,
        ["remaining"] = q.Remaining,
        ["overdraft"] = q.Overdraft,
        ["expires_at"] = q.ExpiresAt?.ToDateTimeOffset().ToString("O", CultureInfo.InvariantCulture),
        ["expired"] = q.Expired,
    };

    private static string Status(ResourceRequestStatus status) => status switch
    {
        ResourceRequestStatus.InPreparation => "in preparation",
        ResourceRequestStatus.UnderReview => "under review",
        ResourceRequestStatus.Accepted => "accepted",
        ResourceRequestStatus.Rejected => "rejected",
        _ => "unknown",
    };

    private static string Amount(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
