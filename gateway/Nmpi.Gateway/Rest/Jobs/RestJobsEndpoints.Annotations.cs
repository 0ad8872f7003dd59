using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Nmpi.Gateway.Validation;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Rest.Jobs;

public static partial class RestJobsEndpoints
{
    private static Task<IResult> CommentsAsync(long id, HttpContext http) => ForJob(id, async () =>
    {
        var job = await Call(http, "GetJob", (s, c) => s.GetJob(new Wire.GetJobRequest { Id = id }, c));
        return Json(new JsonArray([.. job.Comments.Select(c => (JsonNode)RestJobJson.Comment(id, c))]));
    });

    private static Task<IResult> AddCommentAsync(long id, HttpContext http) => ForJob(id, async () =>
    {
        if (await ContentAsync(http) is not { } text)
        {
            return RestJobErrors.Unprocessable([new FieldViolation("content", "field required (a non-empty string)")]);
        }

        var added = await Call(http, "AddComment", (s, c) => s.AddComment(new Wire.AddCommentRequest { Id = id, Text = text }, c));
        return Json(RestJobJson.Comment(id, added), StatusCodes.Status201Created);
    });

    private static async Task<IResult> UpdateCommentAsync(long id, long commentId, HttpContext http)
    {
        if (await ContentAsync(http) is not { } text)
        {
            return RestJobErrors.Unprocessable([new FieldViolation("content", "field required (a non-empty string)")]);
        }

        return await ForComment(id, commentId, async () =>
        {
            var request = new Wire.UpdateCommentRequest { Id = id, CommentId = commentId, Text = text };
            return Json(RestJobJson.Comment(id, await Call(http, "UpdateComment", (s, c) => s.UpdateComment(request, c))));
        });
    }

    private static Task<IResult> DeleteCommentAsync(long id, long commentId, HttpContext http) => ForComment(id, commentId, async () =>
    {
        var request = new Wire.DeleteCommentRequest { Id = id, CommentId = commentId };
        return Json(RestJobJson.Comment(id, await Call(http, "DeleteComment", (s, c) => s.DeleteComment(request, c))));
    });

    /// <summary>As <see cref="ForJob"/>, with v3's text for a comment that does not exist or is someone else's.</summary>
    private static Task<IResult> ForComment(long id, long commentId, Func<Task<IResult>> handler) => ForJob(id, async () =>
    {
        try
        {
            return await handler();
        }
        catch (Grpc.Core.RpcException e) when (RestJobErrors.Reason(e) == Errors.ErrorReasons.CommentNotFound)
        {
            return RestErrors.Problem(StatusCodes.Status404NotFound, $"Either there is no comment with id {commentId}, or you do not have access to it");
        }
    });

    /// <summary>The "content" of a comment body; null when it is missing or empty.</summary>
    private static async Task<string?> ContentAsync(HttpContext http) =>
        await RestBody.ReadJsonAsync(http) is { ValueKind: JsonValueKind.Object } comment
            && comment.TryGetProperty("content", out var content)
            && content.ValueKind == JsonValueKind.String
            && content.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static Task<IResult> TagsAsync(long id, HttpContext http) => ForJob(id, async () =>
    {
        var job = await Call(http, "GetJob", (s, c) => s.GetJob(new Wire.GetJobRequest { Id = id }, c));
        return Json(RestJobJson.Tags(job.Tags));
    });

    private static Task<IResult> AddTagsAsync(long id, HttpContext http) => UpdateTagsAsync(id, http, add: true);

    private static Task<IResult> RemoveTagsAsync(long id, HttpContext http) => UpdateTagsAsync(id, http, add: false);

    /// <summary>Adds or removes the tags of a JSON list body and answers the job's tags afterwards.</summary>
    private static Task<IResult> UpdateTagsAsync(long id, HttpContext http, bool add) => ForJob(id, async () =>
    {
        var violations = new List<FieldViolation>();
        var body = await RestBody.ReadJsonAsync(http);
        var tags = body is { } list ? RestJobSubmission.StringList(list, "tags", violations) : [];
        if (body is null)
        {
            violations.Add(new("tags", "must be a JSON list of strings"));
        }

        if (violations.Count > 0)
        {
            return RestJobErrors.Unprocessable(violations);
        }

        var request = new Wire.UpdateTagsRequest { Id = id };
        (add ? request.Add : request.Remove).AddRange(tags.Select(t => t.Trim()));
        var job = await Call(http, "UpdateTags", (s, c) => s.UpdateTags(request, c));
        return Json(RestJobJson.Tags(job.Tags));
    });
}
