using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Api.V1;
using Nmpi.JobManager.Display;

namespace Nmpi.JobManager.Endpoints;

/// <summary>A job's tags (UpdateTags) and Markdown comments (AddComment, UpdateComment, DeleteComment) from its page.</summary>
internal static class JobNotesEndpoints
{
    public static void Map(RouteGroupBuilder app)
    {
        app.MapPost("/jobs/{id:long}/tags", AddTagAsync);
        app.MapPost("/jobs/{id:long}/tags/remove", RemoveTagAsync);
        app.MapPost("/jobs/{id:long}/comments", AddCommentAsync);
        app.MapPost("/jobs/{id:long}/comments/{commentId:long}/edit", EditCommentAsync);
        app.MapPost("/jobs/{id:long}/comments/{commentId:long}/delete", DeleteCommentAsync);
    }

    private static async Task<IResult> AddTagAsync(HttpContext http, IPlatformServices platform, long id)
    {
        var form = await Forms.ReadCheckedAsync(http);
        var tag = form.Field(JobNotesForm.Tag);
        var request = new UpdateTagsRequest { Id = id, Add = { tag } };
        try
        {
            await platform.JobsAsync(http, Rpc.Jobs("UpdateTags"), (s, c) => s.UpdateTags(request, c));
        }
        catch (RpcException e) when (IsRefusal(e))
        {
            return await JobDetailEndpoints.RenderAsync(http, platform, id, new JobNotesForm { TagValue = tag, TagError = Describe(e) }, RefusalStatus(e));
        }

        return BackTo(id, "tags");
    }

    private static async Task<IResult> RemoveTagAsync(HttpContext http, IPlatformServices platform, long id)
    {
        var form = await Forms.ReadCheckedAsync(http);
        var request = new UpdateTagsRequest { Id = id, Remove = { form.Field(JobNotesForm.Tag) } };
        await platform.JobsAsync(http, Rpc.Jobs("UpdateTags"), (s, c) => s.UpdateTags(request, c));
        return BackTo(id, "tags");
    }

    private static async Task<IResult> AddCommentAsync(HttpContext http, IPlatformServices platform, long id)
    {
        var form = await Forms.ReadCheckedAsync(http);
        var text = Text(form);
        var request = new AddCommentRequest { Id = id, Text = text };
        try
        {
            await platform.JobsAsync(http, Rpc.Jobs("AddComment"), (s, c) => s.AddComment(request, c));
        }
        catch (RpcException e) when (IsRefusal(e))
        {
            return await JobDetailEndpoints.RenderAsync(http, platform, id, new JobNotesForm { CommentValue = text, CommentError = Describe(e) }, RefusalStatus(e));
        }

        return BackTo(id, "comments");
    }

    private static async Task<IResult> EditCommentAsync(HttpContext http, IPlatformServices platform, long id, long commentId)
    {
        var form = await Forms.ReadCheckedAsync(http);
        var request = new UpdateCommentRequest { Id = id, CommentId = commentId, Text = Text(form) };
        // A refusal (empty text, not the author) comes back as the page for that status with the service's message.
        await platform.JobsAsync(http, Rpc.Jobs("UpdateComment"), (s, c) => s.UpdateComment(request, c));
        return BackTo(id, $"comment-{commentId}");
    }

    private static async Task<IResult> DeleteCommentAsync(HttpContext http, IPlatformServices platform, long id, long commentId)
    {
        await Forms.ReadCheckedAsync(http);
        var request = new DeleteCommentRequest { Id = id, CommentId = commentId };
        await platform.JobsAsync(http, Rpc.Jobs("DeleteComment"), (s, c) => s.DeleteComment(request, c));
        return BackTo(id, "comments");
    }

    // Markdown keeps its line breaks as typed; browsers send CRLF.
    private static string Text(IFormCollection form) => form[JobNotesForm.Text].ToString().Replace("\r\n", "\n", StringComparison.Ordinal);

    private static IResult BackTo(long id, string section) =>
        Results.Redirect($"{JobManagerEndpointRouteBuilderExtensions.PathPrefix}/jobs/{id}#{section}");

    private static bool IsRefusal(RpcException e) =>
        e.StatusCode is StatusCode.InvalidArgument or StatusCode.PermissionDenied or StatusCode.FailedPrecondition or StatusCode.ResourceExhausted;

    /// <summary>The service's message; a field violation is named by its description alone (the form has one field).</summary>
    private static string Describe(RpcException e) =>
        e.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations is { Count: > 0 } violations
            ? string.Join("; ", violations.Select(v => v.Description))
            : e.Status.Detail;

    private static int RefusalStatus(RpcException e) => e.StatusCode switch
    {
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };
}
