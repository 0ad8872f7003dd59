using System.CommandLine;
using System.Text.Json.Nodes;
using Nmpi.Api.V1;
using Nmpi.Cli.Output;
using Nmpi.Client;
using Spectre.Console;

namespace Nmpi.Cli.Commands;

/// <summary>`nmpi list`: jobs newest first, filtered; with --watch the table is drawn again whenever it changes.</summary>
public static class ListCommand
{
    private static readonly Dictionary<string, JobStatus[]> StatusNames = new(StringComparer.Ordinal)
    {
        ["queued"] = [.. JobQuery.Queued],
        ["completed"] = [.. JobQuery.Completed],
        ["submitted"] = [JobStatus.Submitted],
        ["validated"] = [JobStatus.Validated],
        ["running"] = [JobStatus.Running],
        ["finished"] = [JobStatus.Finished],
        ["error"] = [JobStatus.Error],
        ["cancelling"] = [JobStatus.Cancelling],
        ["cancelled"] = [JobStatus.Cancelled],
        ["removed"] = [JobStatus.Removed],
    };

    public static Command Create()
    {
        var status = new Option<string[]>("--status", "-s") { Description = $"Only jobs in this status (repeatable): {string.Join(", ", StatusNames.Keys)}.", Arity = ArgumentArity.ZeroOrMore };
        status.AcceptOnlyFromAmong([.. StatusNames.Keys]);
        var platform = CommonOptions.Platform("Only jobs of this platform.");
        var collab = CommonOptions.Collab("Only jobs of this collab.");
        var tag = new Option<string?>("--tag", "-t") { Description = "Only jobs with this tag." };
        var user = new Option<string?>("--user") { Description = "Only jobs of this user." };
        var limit = new Option<int>("--limit", "-n") { Description = "How many jobs to show, newest first (1 to 500).", DefaultValueFactory = _ => 20 };
        var watch = new Option<bool>("--watch", "-w") { Description = "Keep the list on screen, drawn again whenever it changes (Ctrl-C ends)." };
        var command = new Command("list", "List your jobs, newest first.") { status, platform, collab, tag, user, limit, watch };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            var size = parse.GetValue(limit);
            if (size is < 1 or > 500)
            {
                throw CommandFailure.Usage($"--limit {size} is out of range: give 1 to 500.");
            }

            var platformName = parse.GetValue(platform);
            if (platformName is not null)
            {
                platformName = session.Platform(platformName);
            }

            var query = new JobQuery
            {
                Statuses = (parse.GetValue(status) ?? []).SelectMany(s => StatusNames[s]).Distinct().ToArray(),
                Platform = platformName,
                Collab = parse.GetValue(collab),
                Tag = parse.GetValue(tag),
                UserId = parse.GetValue(user),
                PageSize = size,
            };
            using var client = session.Connect();
            if (!parse.GetValue(watch))
            {
                Show(session, await client.ListJobsPageAsync(query, null, cancellationToken));
                return ExitCodes.Ok;
            }

            string? shown = null;
            while (!cancellationToken.IsCancellationRequested)
            {
                var page = await client.ListJobsPageAsync(query, null, cancellationToken);
                var now = Json(page).ToJsonString();
                if (now != shown)
                {
                    shown = now;
                    if (session.Terminal.Interactive)
                    {
                        AnsiConsole.Clear();
                    }

                    Show(session, page);
                }

                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Show(CliSession session, JobPage page)
    {
        if (session.Json)
        {
            // One document per drawing, on one line, so a --watch stream reads as JSON lines.
            session.Terminal.Line(Json(page).ToJsonString());
            return;
        }

        string[] header = ["ID", "STATUS", "PLATFORM", "COLLAB", "USER", "SUBMITTED", "TAGS"];
        var rows = page.Jobs.Select(j => new[] { j.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), JobText.Status(j.Status), j.HardwarePlatform, j.Collab, j.UserId, JobText.Time(j.TimestampSubmission), string.Join(",", j.Tags) }).ToList();
        var footer = $"{page.Jobs.Count} of {page.TotalCount}{(page.TotalCountCapped ? "+" : "")} jobs";
        session.Terminal.Table(header, rows, footer);
    }

    private static JsonObject Json(JobPage page) => new()
    {
        ["jobs"] = JobJson.From(page.Jobs),
        ["total_count"] = page.TotalCount,
        ["total_count_capped"] = page.TotalCountCapped,
    };
}
