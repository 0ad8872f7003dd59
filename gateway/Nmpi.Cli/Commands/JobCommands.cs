using System.CommandLine;
using System.Text.Json.Nodes;
using Nmpi.Cli.Output;
using Nmpi.Cli.Results;

namespace Nmpi.Cli.Commands;

/// <summary>The commands about one job by its id: status, log, cancel and download.</summary>
public static class JobCommands
{
    public static Command Status()
    {
        var id = CommonOptions.JobId();
        var command = new Command("status", "Show a job: its status, where it waits or why it failed, its outputs.") { id };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            using var client = session.Connect();
            var job = await client.GetJobAsync(parse.GetValue(id), false, cancellationToken);
            if (session.Json)
            {
                session.Terminal.WriteJson(JobJson.From(job));
            }
            else
            {
                foreach (var line in JobText.Details(job))
                {
                    session.Terminal.Line(line);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Log()
    {
        var id = CommonOptions.JobId();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing the log as it is written, until the job ends." };
        var command = new Command("log", "Print a job's log.") { id, follow };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            var jobId = parse.GetValue(id);
            using var client = session.Connect();
            if (!parse.GetValue(follow))
            {
                var log = await ResultFolder.ReadLogAsync(client, jobId, cancellationToken);
                if (session.Json)
                {
                    session.Terminal.WriteJson(new JsonObject { ["id"] = jobId, ["log"] = log });
                }
                else
                {
                    Console.Out.Write(log);
                }

                return ExitCodes.Ok;
            }

            // Fails early and plainly when the job does not exist, instead of inside the stream.
            await client.GetJobAsync(jobId, false, cancellationToken);
            await foreach (var chunk in client.GetHandle(jobId).FollowLogAsync(0, cancellationToken))
            {
                if (session.Json)
                {
                    session.Terminal.Line(new JsonObject { ["seq"] = chunk.Seq, ["text"] = chunk.Text }.ToJsonString());
                }
                else
                {
                    Console.Out.Write(chunk.Text);
                    await Console.Out.FlushAsync(cancellationToken);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Cancel()
    {
        var id = CommonOptions.JobId();
        var reason = new Option<string?>("--reason") { Description = "Why, recorded with the job." };
        var command = new Command("cancel", "Cancel a job: a queued job ends at once, a running one once its site has stopped it.") { id, reason };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            using var client = session.Connect();
            var job = await client.GetHandle(parse.GetValue(id)).CancelAsync(parse.GetValue(reason) ?? "", cancellationToken);
            if (session.Json)
            {
                session.Terminal.WriteJson(JobJson.From(job));
            }
            else
            {
                session.Terminal.Line(JobText.StatusLine(job));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Download()
    {
        var id = CommonOptions.JobId();
        var outputDir = CommonOptions.OutputDir();
        var command = new Command("download", "Fetch an ended job's outputs and log into OUTPUT/<collab>/job_<id>/ (intact local copies are kept).") { id, outputDir };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            var root = session.OutputDirectory(parse.GetValue(outputDir));
            using var client = session.Connect();
            var job = await client.GetJobAsync(parse.GetValue(id), false, cancellationToken);
            if (!JobText.IsTerminal(job.Status))
            {
                session.Terminal.Error($"{JobText.StatusLine(job)}: its outputs come once it ends (`nmpi log {job.Id} -f` follows it).");
                return ExitCodes.NotFinished;
            }

            var saved = await ResultFolder.SaveAsync(client, job, root, session.Terminal, cancellationToken);
            RunCommand.Report(session.Terminal, saved);
            if (session.Json)
            {
                session.Terminal.WriteJson(RunCommand.ResultJson(saved));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
