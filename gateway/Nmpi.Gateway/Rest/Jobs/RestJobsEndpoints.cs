using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.InProcess;
using Nmpi.Gateway.Jobs;
using Nmpi.Gateway.Validation;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Rest.Jobs;

/// <summary>The users' job endpoints of the EBRAINS job queue v3 (bearer token), each one or a few in-process calls of the Jobs service.</summary>
public static partial class RestJobsEndpoints
{
    private const string Service = "/nmpi.v1.Jobs/";

    /// <summary>Maps /jobs/, /jobs/{id} and its log, comments, tags and output data, and /tags/.</summary>
    public static RouteGroupBuilder MapRestJobs(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/jobs/", Handler(ListAsync));
        api.MapPost("/jobs/", Handler(SubmitAsync));
        api.MapGet("/jobs/{id:long}", GetAsync);
        api.MapDelete("/jobs/{id:long}", DeleteAsync);
        api.MapGet("/jobs/{id:long}/log", LogAsync);
        api.MapGet("/jobs/{id:long}/output_data", OutputDataAsync);
        api.MapGet("/jobs/{id:long}/comments", CommentsAsync);
        api.MapPost("/jobs/{id:long}/comments", AddCommentAsync);
        api.MapPut("/jobs/{id:long}/comments/{commentId:long}", UpdateCommentAsync);
        api.MapDelete("/jobs/{id:long}/comments/{commentId:long}", DeleteCommentAsync);
        api.MapGet("/jobs/{id:long}/tags", TagsAsync);
        api.MapPost("/jobs/{id:long}/tags", AddTagsAsync);
        api.MapDelete("/jobs/{id:long}/tags", RemoveTagsAsync);
        api.MapGet("/tags/", Handler(QueryTagsAsync));
        return api;
    }

    // A handler of the HttpContext alone would bind as a RequestDelegate and drop its result.
    private static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;

    private static async Task<IResult> SubmitAsync(HttpContext http)
    {
        if (await RestBody.ReadJsonAsync(http) is not { } body)
        {
            return RestJobErrors.Unprocessable([new FieldViolation("", "must be a JSON object")]);
        }

        var (request, violations) = RestJobSubmission.Read(body);
        if (request is null)
        {
            return RestJobErrors.Unprocessable(violations);
        }

        try
        {
            var job = await Call(http, "SubmitJob", (s, c) => s.SubmitJob(request, c));
            return Results.Json(RestJobJson.Job(job), statusCode: StatusCodes.Status201Created);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            return RestJobErrors.Unprocessable(RestJobErrors.Violations(e));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound && RestJobErrors.Reason(e) == ErrorReasons.CollabNotFound)
        {
            return RestErrors.Problem(StatusCodes.Status404NotFound, RestJobErrors.NoCollab);
        }
        catch (RpcException e)
        {
            return RestJobErrors.FromRpc(e);
        }
    }

    private static Task<IResult> GetAsync(long id, HttpContext http) => ForJob(id, async () =>
    {
        var query = new RestQuery(http.Request.Query);
        var withLog = query.Bool("with_log");
        var withComments = query.Bool("with_comments");
        query.ThrowIfInvalid();

        var job = await Call(http, "GetJob", (s, c) => s.GetJob(new Wire.GetJobRequest { Id = id }, c));
        var json = RestJobJson.Job(job, withComments: withComments);
        if (withLog)
        {
            json["log"] = await WholeLogAsync(http, id);
        }

        return Results.Json(json);
    });

    private static Task<IResult> DeleteAsync(long id, HttpContext http) => ForJob(id, async () =>
    {
        var job = await Call(http, "GetJob", (s, c) => s.GetJob(new Wire.GetJobRequest { Id = id }, c));

        // v3 removes a job in any state; ours removes ended jobs only, so a queued one is cancelled first (a running one must end first).
        if (job.Status is Wire.JobStatus.Submitted or Wire.JobStatus.Validated)
        {
            job = await Call(http, "CancelJob", (s, c) => s.CancelJob(new Wire.CancelJobRequest { Id = id, Reason = "deleted by its owner" }, c));
        }

        if (job.Status != Wire.JobStatus.Removed)
        {
            job = await Call(http, "DeleteJob", (s, c) => s.DeleteJob(new Wire.DeleteJobRequest { Id = id }, c));
        }

        return Results.Json(RestJobJson.Job(job));
    });

    private static Task<IResult> LogAsync(long id, HttpContext http) => ForJob(id, async () =>
        Results.Text(await WholeLogAsync(http, id), "text/plain", Encoding.UTF8));

    private static Task<IResult> OutputDataAsync(long id, HttpContext http) => ForJob(id, async () =>
    {
        var job = await Call(http, "GetJob", (s, c) => s.GetJob(new Wire.GetJobRequest { Id = id }, c));
        return Results.Json(RestJobJson.DataSet(job.OutputData));
    });

    /// <summary>The whole log: every chunk, page by page.</summary>
    private static async Task<string> WholeLogAsync(HttpContext http, long id)
    {
        var text = new StringBuilder();
        long seq = 0;
        while (true)
        {
            var from = seq;
            var page = await Call(http, "GetJobLog", (s, c) => s.GetJobLog(new Wire.GetJobLogRequest { Id = id, FromSeq = from }, c));
            foreach (var chunk in page.Chunks)
            {
                text.Append(chunk.Text);
            }

            if (page.Chunks.Count == 0 || page.NextSeq <= seq)
            {
                return text.ToString();
            }

            seq = page.NextSeq;
        }
    }

    /// <summary>Runs a handler about one job, answering v3's texts for a hidden job and a missing quota.</summary>
    private static async Task<IResult> ForJob(long id, Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (RpcException e)
        {
            return RestJobErrors.FromRpc(e, id);
        }
    }

    private static Task<T> Call<T>(HttpContext http, string method, Func<JobsService, ServerCallContext, Task<T>> call) =>
        InProcessCalls.InvokeAsync(http, Service + method, call);

    private static IResult Json(JsonNode node, int status = StatusCodes.Status200OK) => Results.Json(node, statusCode: status);
}
