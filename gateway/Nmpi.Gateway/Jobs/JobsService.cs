using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.CodeBundles;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.Outputs;
using Nmpi.Gateway.RateLimits;
using Nmpi.Gateway.Validation;
using Nmpi.GrainInterfaces.Jobs;
using Nmpi.GrainInterfaces.Scheduling;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Jobs;

/// <summary>The users' gRPC service: validates, authorizes per collab, and forwards to the job grains.</summary>
public sealed partial class JobsService(
    IGrainFactory grains,
    CallerAuthenticator auth,
    JobMapper mapper,
    ArtifactStore store,
    CodeBlobStore codeStore,
    WriteRateLimiter writes,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<JobsService> logger) : Wire.Jobs.JobsBase
{
    private const int LogPageChunks = 500;
    private readonly GatewayOptions _options = options.Value;

    public override async Task<Wire.Job> SubmitJob(Wire.SubmitJobRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(SubmitJobValidator.Validate(request));

        // A collab the caller has no role in answers as if it did not exist; a viewer learns only that they may not submit.
        if (!caller.CanView(request.Collab))
        {
            throw GatewayErrors.NotFound(ErrorReasons.CollabNotFound, $"Collab '{request.Collab}' not found or not accessible.");
        }

        if (!caller.CanSubmit(request.Collab))
        {
            throw GatewayErrors.PermissionDenied($"Submitting to collab '{request.Collab}' needs the editor or administrator role.");
        }

        if (request.Code.SourceCase == Wire.JobCode.SourceOneofCase.ArtifactId)
        {
            await RequireUsableBundleAsync(request.Code.ArtifactId, caller);
        }

        var spec = JobSpecMapper.ToSpec(request, caller.UserId);
        var result = await grains.GetGrain<IJobSubmissionGrain>(0).SubmitAsync(spec);
        GatewayLog.JobSubmitted(logger, result.Job.Id, caller.UserId, spec.Platform, result.Created);
        return mapper.ToWire(result.Job);
    }

    public override async Task<Wire.Job> GetJob(Wire.GetJobRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        var job = await LoadVisibleAsync(request.Id, caller);
        var wait = job.Status is JobStatus.Submitted or JobStatus.Validated
            ? await grains.GetGrain<IPlatformSchedulerGrain>(job.Spec.Platform).ExplainAsync(job.Id)
            : null;
        var log = request.IncludeLog ? await ReadWholeLogAsync(job.Id) : null;
        return mapper.ToWire(job, wait, log);
    }

    public override async Task<Wire.ListJobsResponse> ListJobs(Wire.ListJobsRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(ListJobsValidator.Validate(request));
        if (request.Collab.Length > 0 && !caller.CanView(request.Collab))
        {
            // As for a submit: a collab the caller may not see is indistinguishable from one that does not exist.
            throw GatewayErrors.NotFound(ErrorReasons.CollabNotFound, $"Collab '{request.Collab}' not found or not accessible.", "collab");
        }

        long? beforeId = PageToken.TryDecode(request.PageToken, out var id) ? id : null;
        var statuses = request.Status.Select(StatusMapper.ToGrain).Distinct().ToList();
        var query = new JobQuery
        {
            VisibleCollabs = caller.VisibleCollabs,
            Collab = NullIfEmpty(request.Collab),
            Statuses = statuses,
            Platform = NullIfEmpty(request.HardwarePlatform),
            Tag = NullIfEmpty(request.Tag),
            UserId = NullIfEmpty(request.UserId),
            SubmittedAfter = request.SubmittedAfter?.ToDateTimeOffset(),
            SubmittedBefore = request.SubmittedBefore?.ToDateTimeOffset(),
            PageSize = request.PageSize == 0 ? ListJobsValidator.DefaultPageSize : request.PageSize,
            BeforeId = beforeId,
            IncludeRemoved = statuses.Contains(JobStatus.Removed),
        };

        var page = await grains.GetGrain<IJobQueryGrain>(0).ListAsync(query);
        var response = new Wire.ListJobsResponse
        {
            TotalCount = page.TotalCount,
            TotalCountCapped = page.TotalCountCapped,
            NextPageToken = page.NextBeforeId is { } next ? PageToken.Encode(next) : "",
        };

        // The query grain filters by VisibleCollabs; checking again here keeps one bug there from leaking jobs.
        var rows = page.Jobs.Where(j => caller.CanView(j.Spec.Collab)).Select(j => ListPage.Row(mapper.ToWire(j)));
        if (ListPage.Fill(response, rows) is { } last)
        {
            // The page reached its byte budget: the rest come on the next page.
            response.NextPageToken = PageToken.Encode(last);
        }

        return response;
    }

    public override async Task<Wire.JobLog> GetJobLog(Wire.GetJobLogRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        if (request.FromSeq < 0)
        {
            throw GatewayErrors.InvalidArgument("from_seq", "must be 0 or more");
        }

        var job = await LoadVisibleAsync(request.Id, caller);
        var page = await grains.GetGrain<IJobGrain>(job.Id).ReadLogAsync(request.FromSeq, LogPageChunks);
        var log = new Wire.JobLog { Id = job.Id, NextSeq = page.NextSeq, Complete = page.Complete };
        log.Chunks.AddRange(page.Chunks.Select(JobMapper.ToWire));
        return log;
    }

    public override async Task<Wire.Job> CancelJob(Wire.CancelJobRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(JobEditValidator.Validate(request));
        var job = await LoadChangeableAsync(request.Id, caller);
        var why = string.IsNullOrWhiteSpace(request.Reason) ? "cancelled by user" : request.Reason;
        return mapper.ToWire(await grains.GetGrain<IJobGrain>(job.Id).CancelAsync(caller.UserId, why));
    }

    public override async Task<Wire.Job> DeleteJob(Wire.DeleteJobRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        var job = await LoadChangeableAsync(request.Id, caller);
        return mapper.ToWire(await grains.GetGrain<IJobGrain>(job.Id).RemoveAsync(caller.UserId));
    }

    public override async Task<Wire.Job> UpdateTags(Wire.UpdateTagsRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(JobEditValidator.Validate(request));
        var job = await LoadChangeableAsync(request.Id, caller);
        var updated = await grains.GetGrain<IJobGrain>(job.Id).UpdateTagsAsync([.. request.Add], [.. request.Remove]);
        return mapper.ToWire(updated);
    }

    public override async Task<Wire.Comment> AddComment(Wire.AddCommentRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(JobEditValidator.Validate(request));
        var job = await LoadChangeableAsync(request.Id, caller);
        return JobMapper.ToWire(await grains.GetGrain<IJobGrain>(job.Id).AddCommentAsync(caller.UserId, request.Text));
    }

    public override async Task<Wire.Comment> UpdateComment(Wire.UpdateCommentRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(JobEditValidator.Validate(request));
        var job = await LoadVisibleAsync(request.Id, caller);
        RequireOwnComment(job, request.CommentId, caller);
        var updated = await grains.GetGrain<IJobGrain>(job.Id).UpdateCommentAsync(request.CommentId, request.Text);
        return updated is null ? throw CommentNotFound(job.Id, request.CommentId) : JobMapper.ToWire(updated);
    }

    public override async Task<Wire.Comment> DeleteComment(Wire.DeleteCommentRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        var job = await LoadVisibleAsync(request.Id, caller);
        RequireOwnComment(job, request.CommentId, caller);
        var deleted = await grains.GetGrain<IJobGrain>(job.Id).DeleteCommentAsync(request.CommentId);
        return deleted is null ? throw CommentNotFound(job.Id, request.CommentId) : JobMapper.ToWire(deleted);
    }

    /// <summary>Only its author (or an administrator) touches a comment; anyone else's is as if it did not exist.</summary>
    private static void RequireOwnComment(JobSnapshot job, long commentId, UserPrincipal caller)
    {
        if (job.Comments.FirstOrDefault(c => c.Id == commentId) is not { } comment || !(caller.Admin || comment.UserId == caller.UserId))
        {
            throw CommentNotFound(job.Id, commentId);
        }
    }

    private static RpcException CommentNotFound(long jobId, long commentId) =>
        GatewayErrors.NotFound(ErrorReasons.CommentNotFound, $"Comment {commentId} of job {jobId} not found.", "comment_id");

    /// <summary>Loads a job the caller may view; a missing job and a hidden one answer the same NOT_FOUND.</summary>
    private async Task<JobSnapshot> LoadVisibleAsync(long id, UserPrincipal caller)
    {
        var job = id > 0 ? await grains.GetGrain<IJobGrain>(id).GetAsync() : null;
        return job is not null && caller.CanView(job.Spec.Collab) ? job : throw GatewayErrors.JobNotFound(id);
    }

    private async Task<JobSnapshot> LoadChangeableAsync(long id, UserPrincipal caller)
    {
        var job = await LoadVisibleAsync(id, caller);
        return caller.CanChange(job)
            ? job
            : throw GatewayErrors.PermissionDenied($"Only the job's owner or an editor of collab '{job.Spec.Collab}' may change job {id}.");
    }

    private async Task<string> ReadWholeLogAsync(long id)
    {
        var grain = grains.GetGrain<IJobGrain>(id);
        var text = new System.Text.StringBuilder();
        var bytes = 0;
        long seq = 0;
        while (true)
        {
            var page = await grain.ReadLogAsync(seq, LogPageChunks);
            foreach (var chunk in page.Chunks)
            {
                bytes += System.Text.Encoding.UTF8.GetByteCount(chunk.Text);
                if (bytes > _options.MaxInlineLogBytes)
                {
                    text.Append($"\n[log truncated at chunk {chunk.Seq}; read the rest with GetJobLog]\n");
                    return text.ToString();
                }

                text.Append(chunk.Text);
            }

            if (page.Chunks.Count == 0 || page.NextSeq <= seq)
            {
                return text.ToString();
            }

            seq = page.NextSeq;
        }
    }

    private static void Throw(IReadOnlyList<FieldViolation> violations)
    {
        if (violations.Count > 0)
        {
            throw GatewayErrors.InvalidArgument(violations);
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
