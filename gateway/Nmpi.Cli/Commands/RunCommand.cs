using System.CommandLine;
using System.Text.Json.Nodes;
using Nmpi.Api.V1;
using Nmpi.Cli.Config;
using Nmpi.Cli.Output;
using Nmpi.Cli.Results;
using Nmpi.Client;

namespace Nmpi.Cli.Commands;

/// <summary>`nmpi run SCRIPT`: upload the script's folder, submit, follow the job, fetch its results (or, with -b, return at once).</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var script = new Argument<string>("SCRIPT") { Description = "The Python script to run; its whole folder is uploaded (only files that changed)." };
        var arguments = new Argument<string[]>("ARGS") { Description = "Extra arguments for the script, after {system} (write -- first if they start with -).", Arity = ArgumentArity.ZeroOrMore };
        var platform = CommonOptions.Platform();
        var collab = CommonOptions.Collab();
        var outputDir = CommonOptions.OutputDir();
        var tags = CommonOptions.Tags();
        var batch = new Option<bool>("--batch", "-b") { Description = $"Submit and return at once; the job is remembered in {IncompleteJobsFile.FileName} for `nmpi check`." };
        var command = new Command("run", $$"""
            Run a PyNN script on a platform and fetch its results into OUTPUT/<collab>/job_<id>/.
            The command at the site is "SCRIPT {system} ARGS", {system} being the platform's PyNN backend.
            Settings come from {{ProjectConfig.FileName}} in the current folder, e.g.:
              collab_id: my-collab
              default_platform: SpiNNaker
              default_output_dir: results
              server: http://127.0.0.1:5080
              hardware_config: {spynnaker_version: "7.0"}
            (also username and token; options override the file).
            """)
        {
            script, arguments, platform, collab, outputDir, tags, batch,
        };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            var scriptPath = Path.GetFullPath(parse.GetValue(script)!, session.WorkingDirectory);
            if (!File.Exists(scriptPath))
            {
                throw CommandFailure.Usage($"No script {scriptPath}: give the path of a Python script, e.g. `nmpi run run.py`.");
            }

            var extra = parse.GetValue(arguments) ?? [];
            if (extra.FirstOrDefault(a => a.Length == 0 || a.Any(char.IsWhiteSpace)) is { } spaced)
            {
                throw CommandFailure.Usage($"The argument '{spaced}' is empty or holds white space: the platform splits the command on white space, so pass it another way (e.g. in a file).");
            }

            var jobPlatform = session.Platform(parse.GetValue(platform));
            var jobCollab = session.Collab(parse.GetValue(collab));
            var outputRoot = session.OutputDirectory(parse.GetValue(outputDir));
            var folder = Path.GetDirectoryName(scriptPath)!;
            using var client = session.Connect();
            var upload = await UploadAsync(client, session, folder, jobCollab, outputRoot, cancellationToken);
            var handle = await client.SubmitAsync(
                new JobSubmission
                {
                    Source = JobSource.Bundle(upload.BundleId),
                    Platform = jobPlatform,
                    Collab = jobCollab,
                    Command = string.Join(' ', [Path.GetFileName(scriptPath), "{system}", .. extra]),
                    Tags = parse.GetValue(tags) ?? [],
                    HardwareConfig = session.Config?.HardwareConfig,
                },
                cancellationToken);
            session.Terminal.Info($"Submitted job {handle.Id} to {jobPlatform} for collab {jobCollab}.");

            if (parse.GetValue(batch))
            {
                var remembered = IncompleteJobsFile.Read(session.WorkingDirectory);
                remembered.Add(new IncompleteJob { Id = handle.Id, Collab = jobCollab, OutputDir = outputRoot, Script = Path.GetRelativePath(session.WorkingDirectory, scriptPath) });
                IncompleteJobsFile.Write(session.WorkingDirectory, remembered);
                session.Terminal.Info($"Remembered in {IncompleteJobsFile.FileName}: `nmpi check` fetches its results once it has ended.");
                if (session.Json)
                {
                    session.Terminal.WriteJson(new JsonObject { ["job"] = JobJson.From(handle.Submitted!), ["upload"] = UploadJson(upload) });
                }

                return ExitCodes.Ok;
            }

            var job = await JobFollower.FollowAsync(client, handle.Id, session.Terminal, showLog: true, cancellationToken);
            var saved = await ResultFolder.SaveAsync(client, job, outputRoot, session.Terminal, cancellationToken);
            Report(session.Terminal, saved);
            if (session.Json)
            {
                var answer = ResultJson(saved);
                answer["upload"] = UploadJson(upload);
                session.Terminal.WriteJson(answer);
            }

            return job.Status == JobStatus.Finished ? ExitCodes.Ok : ExitCodes.JobFailed;
        });
        return command;
    }

    /// <summary>The closing lines of a job whose results were saved.</summary>
    public static void Report(Terminal terminal, SavedResults saved)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        ArgumentNullException.ThrowIfNull(saved);
        var job = saved.Job;
        if (job.Failure is { } failure && job.Status != JobStatus.Finished && !string.IsNullOrEmpty(failure.Message))
        {
            terminal.Info($"Job {job.Id} {JobText.Status(job.Status)}: {failure.Message}");
        }

        var files = saved.Files.Count == 1 ? "1 output file" : $"{saved.Files.Count} output files";
        terminal.Info($"Job {job.Id} {JobText.Status(job.Status)}: {files} and the log (job_{job.Id}.log) in {saved.Directory}");
    }

    /// <summary>The JSON answer for saved results.</summary>
    public static JsonObject ResultJson(SavedResults saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        return new JsonObject
        {
            ["job"] = JobJson.From(saved.Job),
            ["output_dir"] = saved.Directory,
            ["files"] = new JsonArray(saved.Files.Select(f => (JsonNode)new JsonObject { ["path"] = f.Path, ["local_path"] = f.LocalPath, ["size"] = f.Size, ["sha256"] = f.Sha256 }).ToArray()),
            ["log_file"] = saved.LogFile,
        };
    }

    /// <summary>Uploads the folder of a script, leaving out the results folder and nmpi_config.yml (it may hold a token).</summary>
    public static async Task<FolderUpload> UploadAsync(Nmpi.Client.NmpiClient client, CliSession session, string folder, string collab, string? outputRoot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(session);
        List<string> exclude = [Path.Combine(folder, ProjectConfig.FileName)];
        if (outputRoot is not null)
        {
            exclude.Add(Path.Combine(outputRoot, collab));
        }

        var upload = await session.Terminal.WithProgressAsync("uploading code", progress =>
            client.UploadFolderAsync(
                folder,
                collab,
                new FolderUploadOptions
                {
                    Exclude = exclude,
                    Progress = progress is null ? null : new Progress<UploadProgress>(p => progress.Report((p.TotalBytes, p.TotalSize))),
                },
                cancellationToken));
        var files = upload.Uploaded == 1 ? "1 file" : $"{upload.Uploaded} files";
        session.Terminal.Info($"Uploaded {files} ({JobText.Size(upload.UploadedBytes)}), {upload.Unchanged} unchanged.");
        return upload;
    }

    private static JsonObject UploadJson(FolderUpload upload) => new()
    {
        ["bundle_id"] = upload.BundleId,
        ["files"] = upload.Files.Count,
        ["uploaded"] = upload.Uploaded,
        ["unchanged"] = upload.Unchanged,
        ["uploaded_bytes"] = upload.UploadedBytes,
        ["total_bytes"] = upload.TotalBytes,
    };
}
