using System.CommandLine;
using System.Text.Json.Nodes;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cli.Output;
using Nmpi.Cli.Results;
using Nmpi.Client;

namespace Nmpi.Cli.Commands;

/// <summary>`nmpi check`: fetch the results of the `run -b` jobs that have ended since, and say which have not.</summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var command = new Command("check", $"Fetch the results of jobs submitted with `nmpi run -b` from this folder that have ended (they leave {IncompleteJobsFile.FileName}); say which have not.");
        command.Handle(async (parse, session, cancellationToken) =>
        {
            var remembered = IncompleteJobsFile.Read(session.WorkingDirectory);
            var fetched = new JsonArray();
            var pending = new JsonArray();
            if (remembered.Count == 0)
            {
                session.Terminal.Info($"No incomplete jobs here ({IncompleteJobsFile.FileName} lists none; `nmpi run -b` adds them).");
                WriteJson(session, fetched, pending);
                return ExitCodes.Ok;
            }

            using var client = session.Connect();
            var left = new List<IncompleteJob>(remembered);
            var failed = false;
            try
            {
                foreach (var entry in remembered)
                {
                    Job job;
                    try
                    {
                        job = await client.GetJobAsync(entry.Id, false, cancellationToken);
                    }
                    catch (NmpiException e) when (e.StatusCode == StatusCode.NotFound)
                    {
                        session.Terminal.Info($"Job {entry.Id} no longer exists for you (deleted, or another server): forgotten.");
                        left.Remove(entry);
                        continue;
                    }

                    if (!JobText.IsTerminal(job.Status))
                    {
                        session.Terminal.Info($"{JobText.StatusLine(job)}: not finished yet.");
                        pending.Add((JsonNode)new JsonObject { ["id"] = job.Id, ["status"] = JobText.Status(job.Status), ["script"] = entry.Script });
                        continue;
                    }

                    var saved = await ResultFolder.SaveAsync(client, job, entry.OutputDir, session.Terminal, cancellationToken);
                    RunCommand.Report(session.Terminal, saved);
                    fetched.Add((JsonNode)RunCommand.ResultJson(saved));
                    failed |= job.Status != JobStatus.Finished;
                    left.Remove(entry);
                }
            }
            finally
            {
                IncompleteJobsFile.Write(session.WorkingDirectory, left);
            }

            WriteJson(session, fetched, pending);
            return failed ? ExitCodes.JobFailed : pending.Count > 0 ? ExitCodes.NotFinished : ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteJson(CliSession session, JsonArray fetched, JsonArray pending)
    {
        if (session.Json)
        {
            session.Terminal.WriteJson(new JsonObject { ["fetched"] = fetched, ["pending"] = pending });
        }
    }
}
