using System.CommandLine;
using System.Text.Json.Nodes;
using Nmpi.Api.V1;
using Nmpi.Cli.Output;
using Nmpi.Cli.Results;
using Nmpi.Client;

namespace Nmpi.Cli.Commands;

/// <summary>`nmpi submit SOURCE`: submit a script, a folder, a git repository or an archive URL, and print the job.</summary>
public static class SubmitCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SOURCE")
        {
            Description = "A script file (sent inline), a folder (uploaded; only changed files), an archive URL (.zip, .tar.gz, .tgz) or a git repository URL.",
        };
        var platform = CommonOptions.Platform();
        var collab = CommonOptions.Collab();
        var tags = CommonOptions.Tags();
        var commandLine = new Option<string?>("--command") { Description = "The command at the site (default: \"SCRIPT {system}\" for a script file, else \"run.py {system}\")." };
        var inputs = new Option<string[]>("--input") { Description = "URL of an input file the site downloads (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var wait = new Option<bool>("--wait") { Description = "Wait for the job to end; the exit code tells how it ended." };
        var command = new Command("submit", "Submit a job without following it (see `nmpi run` to follow it and fetch its results).")
        {
            source, platform, collab, tags, commandLine, inputs, wait,
        };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            var what = parse.GetValue(source)!;
            var jobPlatform = session.Platform(parse.GetValue(platform));
            var jobCollab = session.Collab(parse.GetValue(collab));
            using var client = session.Connect();
            var (code, defaultCommand) = await SourceAsync(client, session, what, jobCollab, cancellationToken);
            var handle = await client.SubmitAsync(
                new JobSubmission
                {
                    Source = code,
                    Platform = jobPlatform,
                    Collab = jobCollab,
                    Command = parse.GetValue(commandLine) ?? defaultCommand,
                    InputData = parse.GetValue(inputs) ?? [],
                    Tags = parse.GetValue(tags) ?? [],
                    HardwareConfig = session.Config?.HardwareConfig,
                },
                cancellationToken);
            var job = handle.Submitted!;
            if (parse.GetValue(wait))
            {
                session.Terminal.Info($"Submitted job {job.Id}.");
                job = await JobFollower.FollowAsync(client, job.Id, session.Terminal, showLog: false, cancellationToken);
            }

            if (session.Json)
            {
                session.Terminal.WriteJson(JobJson.From(job));
            }
            else
            {
                session.Terminal.Line(parse.GetValue(wait) ? JobText.StatusLine(job) : $"Submitted job {job.Id} ({JobText.Status(job.Status)}).");
            }

            return !parse.GetValue(wait) || job.Status == JobStatus.Finished ? ExitCodes.Ok : ExitCodes.JobFailed;
        });
        return command;
    }

    private static async Task<(JobSource Source, string Command)> SourceAsync(NmpiClient client, CliSession session, string what, string collab, CancellationToken cancellationToken)
    {
        var local = Path.GetFullPath(what, session.WorkingDirectory);
        if (Directory.Exists(local))
        {
            var upload = await RunCommand.UploadAsync(client, session, local, collab, null, cancellationToken);
            return (JobSource.Bundle(upload.BundleId), "run.py {system}");
        }

        if (File.Exists(local))
        {
            return (JobSource.Inline(await File.ReadAllTextAsync(local, cancellationToken)), $"{Path.GetFileName(local)} {{system}}");
        }

        // Only what is not a local path is a URL (on Unix an absolute path also parses as a file:// URI).
        if (!Path.IsPathRooted(what) && Uri.TryCreate(what, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" or "file" or "ssh" or "git")
        {
            var path = url.AbsolutePath;
            var archive = path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)
                || path.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase)
                || path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);
            return (archive ? JobSource.Archive(what) : JobSource.Git(what), "run.py {system}");
        }

        throw CommandFailure.Usage($"'{what}' is neither a file, a folder nor a URL: give a script, a code folder, a git URL or an archive URL.");
    }
}
