using System.CommandLine;
using System.Globalization;
using Nmpi.Api.V1;
using Nmpi.Cli.Output;

namespace Nmpi.Cli.Commands;

/// <summary>`nmpi comment`: add a comment to a job, edit or delete one of yours.</summary>
public static class CommentCommands
{
    public static Command Create()
    {
        var command = new Command("comment", "Comment on a job (Markdown), or edit or delete one of your comments.") { Add(), Edit(), Delete() };
        return command;
    }

    private static Command Add()
    {
        var id = CommonOptions.JobId();
        var text = Text();
        var command = new Command("add", "Add a comment to a job.") { id, text };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            using var client = session.Connect();
            var comment = await client.GetHandle(parse.GetValue(id)).AddCommentAsync(parse.GetValue(text)!, cancellationToken);
            Show(session, parse.GetValue(id), comment, "added");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Edit()
    {
        var id = CommonOptions.JobId();
        var commentId = CommentId();
        var text = Text();
        var command = new Command("edit", "Replace the text of one of your comments on a job.") { id, commentId, text };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            using var client = session.Connect();
            var comment = await client.GetHandle(parse.GetValue(id)).UpdateCommentAsync(parse.GetValue(commentId), parse.GetValue(text)!, cancellationToken);
            Show(session, parse.GetValue(id), comment, "edited");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete()
    {
        var id = CommonOptions.JobId();
        var commentId = CommentId();
        var command = new Command("delete", "Delete one of your comments on a job.") { id, commentId };
        command.Handle(async (parse, session, cancellationToken) =>
        {
            using var client = session.Connect();
            var comment = await client.GetHandle(parse.GetValue(id)).DeleteCommentAsync(parse.GetValue(commentId), cancellationToken);
            Show(session, parse.GetValue(id), comment, "deleted");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Argument<string> Text() => new("TEXT") { Description = "The comment (Markdown)." };

    private static Argument<long> CommentId() => new("COMMENT") { Description = "The comment's id (as `nmpi status ID --output json` lists it)." };

    private static void Show(CliSession session, long jobId, Comment comment, string what)
    {
        if (session.Json)
        {
            session.Terminal.WriteJson(JobJson.From(comment));
        }
        else
        {
            session.Terminal.Line(string.Create(CultureInfo.InvariantCulture, $"Comment {comment.Id} on job {jobId} {what}."));
        }
    }
}
