using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Gateway.Adapters;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.InProcess;
using Nmpi.Gateway.Rest.Jobs;
using Nmpi.Gateway.Validation;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Rest.Provider;

/// <summary>
/// The sites' endpoints of the EBRAINS job queue v3 (provider API key in x-api-key), each a few in-process calls of the
/// Adapters service, so a REST site is fenced by leases and the state machine exactly like a gRPC adapter.
/// </summary>
/// <remarks>
/// A v3 site has no adapter id: it polls as the adapter "rest-{platform}" of its key's site (one per key site and platform),
/// registered on each poll with <see cref="Capacity"/> slots. Each poll also renews the leases that adapter holds, so jobs stay
/// leased while their site keeps polling, and every report about a job renews its lease.
/// </remarks>
public static partial class RestProviderEndpoints
{
    /// <summary>The jobs one REST site runs at once on one platform (the Adapters service's maximum).</summary>
    public const int Capacity = 1000;

    /// <summary>The software version a REST site registers with.</summary>
    public const string SoftwareVersion = "ebrains-job-queue-v3-rest";

    private const string Service = "/nmpi.v1.Adapters/";

    /// <summary>Maps GET /jobs/next/{platform}, PUT /jobs/{id}, and PUT and PATCH /jobs/{id}/log.</summary>
    public static RouteGroupBuilder MapRestProvider(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/jobs/next/{platform}", NextAsync);
        api.MapPut("/jobs/{id:long}", UpdateAsync);
        api.MapPut("/jobs/{id:long}/log", ReplaceLogAsync);
        api.MapPatch("/jobs/{id:long}/log", AppendLogAsync);
        return api;
    }

    /// <summary>The adapter name a REST site polls a platform as.</summary>
    public static string AdapterName(string platform) => $"rest-{platform}";

    private static async Task<IResult> NextAsync(string platform, HttpContext http)
    {
        try
        {
            var registration = new Wire.RegisterAdapterRequest
            {
                Name = AdapterName(platform),
                HardwarePlatform = platform,
                Capacity = Capacity,
                SoftwareVersion = SoftwareVersion,
            };
            var registered = await Call(http, "RegisterAdapter", (s, c) => s.RegisterAdapter(registration, c));
            if (registered.LiveLeases.Count > 0)
            {
                var heartbeat = new Wire.HeartbeatRequest { AdapterId = registered.AdapterId };
                heartbeat.Leases.AddRange(registered.LiveLeases);
                await Call(http, "Heartbeat", (s, c) => s.Heartbeat(heartbeat, c));
            }

            // One job, no waiting: v3 sites poll. The lease makes the claim atomic: no other poller gets this job.
            var lease = new Wire.LeaseJobsRequest { AdapterId = registered.AdapterId, MaxJobs = 1, Wait = Duration.FromTimeSpan(TimeSpan.Zero) };
            var leased = await Call(http, "LeaseJobs", (s, c) => s.LeaseJobs(lease, c));
            return leased.Jobs is [var first, ..]
                ? Results.Json(RestJobJson.Job(first.Job))
                : RestErrors.Problem(StatusCodes.Status404NotFound, $"No queued job for {platform}");
        }
        catch (RpcException e)
        {
            return FromRpc(e, 0);
        }
    }

    private static async Task<IResult> UpdateAsync(long id, HttpContext http)
    {
        if (await RestBody.ReadJsonAsync(http) is not { } body)
        {
            return RestJobErrors.Unprocessable([new FieldViolation("", "must be a JSON object")]);
        }

        var (update, violations) = RestJobUpdate.Read(body);
        if (update is null)
        {
            return RestJobErrors.Unprocessable(violations);
        }

        try
        {
            var claim = await RestLeases.ClaimAsync(http, id, update.Status);
            if (claim.Problem is { } problem)
            {
                return problem;
            }

            var job = claim.Job!;
            var report = new Wire.JobReport { AdapterId = claim.AdapterId, Lease = claim.Lease };
            if (update.Status == "validated" && job.Status != GrainInterfaces.Jobs.JobStatus.Validated)
            {
                return RestErrors.Problem(
                    StatusCodes.Status409Conflict, $"Job {id} is {RestStatus.Name(Nmpi.Gateway.Jobs.StatusMapper.ToWire(job.Status))}; it cannot go back to validated.");
            }

            // Applied in steps, the riskiest first (fetching outputs), the status last: a failed step leaves the status as it
            // was, and the same PUT sent again completes the rest without duplicates (outputs replace by path, the log extends).
            await RestLeases.RenewAsync(http, claim);
            await http.RequestServices.GetRequiredService<SiteOutputFetcher>()
                .CheckAsync(RestOutputs.Site(claim), update.Outputs.Select(o => new Uri(o.Url)), http.RequestAborted);
            foreach (var output in update.Outputs)
            {
                await RestOutputs.FetchAsync(http, claim, output);
            }

            if (update.Log is { } log)
            {
                await RestLog.ReplaceAsync(http, claim, log);
            }

            switch (update.Status)
            {
                case "submitted":
                    var giveBack = new Wire.ReturnJobsRequest { AdapterId = claim.AdapterId, Leases = { claim.Lease } };
                    var returned = await Call(http, "ReturnJobs", (s, c) => s.ReturnJobs(giveBack, c));
                    return returned.Returned.Count > 0
                        ? await RestLeases.AnswerAsync(http, id)
                        : RestErrors.Problem(StatusCodes.Status409Conflict, $"Job {id} has started; it can no longer be given back to the queue.");
                case "running" or "finished" or "error" when job.Status == GrainInterfaces.Jobs.JobStatus.Validated:
                    // v3 sites may report the end without having reported the start: the job passes through running.
                    await Call(http, "MarkRunning", (s, c) => s.MarkRunning(report, c));
                    break;
            }

            if (update.Status is "finished" or "error")
            {
                var completion = new Wire.CompleteJobRequest
                {
                    AdapterId = claim.AdapterId,
                    Lease = claim.Lease,
                    Outcome = update.Status == "finished" ? Wire.Outcome.Finished : Wire.Outcome.Error,
                    ResourceUsage = update.ResourceUsage,
                    Provenance = update.Provenance,
                    Message = update.Status == "error" ? "reported as error by the site" : "",
                };
                await Call(http, "CompleteJob", (s, c) => s.CompleteJob(completion, c));
            }

            return await RestLeases.AnswerAsync(http, id);
        }
        catch (OutputSourceRefusedException e)
        {
            return RestErrors.Problem(StatusCodes.Status400BadRequest, e.Message);
        }
        catch (RpcException e)
        {
            return FromRpc(e, id);
        }
    }

    /// <summary>
    /// A site's failed report: v3's text for a job it may not see, 409 for a move the state machine refuses or a lease that
    /// is no longer the site's, and otherwise the status the Adapters service chose.
    /// </summary>
    internal static IResult FromRpc(RpcException e, long id)
    {
        if (e.StatusCode == StatusCode.FailedPrecondition && RestJobErrors.Reason(e) is ErrorReasons.InvalidTransition or ErrorReasons.StaleLease)
        {
            return RestErrors.Problem(StatusCodes.Status409Conflict, e.Status.Detail);
        }

        if (e.StatusCode == StatusCode.NotFound && RestJobErrors.Reason(e) == ErrorReasons.AdapterNotFound)
        {
            // Leased to another key's adapter of the site: the same answer as a job that does not exist.
            return RestJobErrors.JobNotFound(id);
        }

        if (e.StatusCode == StatusCode.ResourceExhausted && RestJobErrors.Reason(e) == ErrorReasons.OutputTooLarge)
        {
            return RestErrors.Problem(StatusCodes.Status413PayloadTooLarge, e.Status.Detail);
        }

        if (e.StatusCode == StatusCode.InvalidArgument)
        {
            return RestJobErrors.Unprocessable(RestJobErrors.Violations(e));
        }

        return RestJobErrors.FromRpc(e, id);
    }

    internal static Task<T> Call<T>(HttpContext http, string method, Func<AdaptersService, ServerCallContext, Task<T>> call) =>
        InProcessCalls.InvokeAsync(http, Service + method, call);
}
