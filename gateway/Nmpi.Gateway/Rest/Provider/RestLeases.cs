using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.InProcess;
using Nmpi.Gateway.Jobs;
using Nmpi.Gateway.ProviderKeys;
using Nmpi.Gateway.Rest.Jobs;
using Nmpi.GrainInterfaces.Jobs;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Rest.Provider;

/// <summary>A job a site reports about, with the lease its site holds on it (or the answer when it may not report).</summary>
public sealed record RestClaim(JobSnapshot? Job, string AdapterId, Wire.LeaseRef Lease, IResult? Problem);

/// <summary>
/// Finds the lease a v3 site reports under. v3 reports carry no lease, so the job's current lease stands in for it when
/// an adapter of the key's site holds it; the grains then fence every report by that adapter and epoch as usual.
/// </summary>
public static class RestLeases
{
    /// <summary>The job and its lease for a report by the request's key; a problem answer when there is none.</summary>
    public static async Task<RestClaim> ClaimAsync(HttpContext http, long id, string? reportedStatus = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        var key = await Guarded(http, () => http.RequestServices.GetRequiredService<AdapterAuthenticator>()
            .AuthenticateAsync(new InProcessCallContext(http, "/nmpi.v1.Adapters/MarkRunning").RequestHeaders));
        var job = id > 0 ? await Guarded(http, () => http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IJobGrain>(id).GetAsync()) : null;

        // A job of a platform the key does not serve is none of the site's business: as if it did not exist.
        if (job is null || !key.Serves(job.Spec.Platform))
        {
            return new RestClaim(null, "", new Wire.LeaseRef(), RestJobErrors.JobNotFound(id));
        }

        var status = RestStatus.Name(StatusMapper.ToWire(job.Status));
        if (job.IsTerminal)
        {
            // Only the site that ran the job hears about its end again; to any other it does not exist.
            if (job.AdapterId is not { } lastHolder || !key.Owns(lastHolder))
            {
                return new RestClaim(null, "", new Wire.LeaseRef(), RestJobErrors.JobNotFound(id));
            }

            // The same end reported again changes nothing (and charges nothing again); any other report is refused.
            return reportedStatus == status
                ? new RestClaim(job, "", new Wire.LeaseRef(), await AnswerAsync(http, id))
                : new RestClaim(job, "", new Wire.LeaseRef(), RestErrors.Problem(
                    StatusCodes.Status409Conflict, $"Job {id} has already ended ({status}); it takes no more reports."));
        }

        if (job.AdapterId is { } holder && !key.Owns(holder))
        {
            // Leased to another site: as if it did not exist (the lease fence's 409 would tell the job is there).
            return new RestClaim(null, "", new Wire.LeaseRef(), RestJobErrors.JobNotFound(id));
        }

        if (job.AdapterId is not { } adapterId)
        {
            return new RestClaim(job, "", new Wire.LeaseRef(), RestErrors.Problem(
                StatusCodes.Status409Conflict,
                $"Job {id} is {status} and not leased to this site; claim it with GET /jobs/next/{job.Spec.Platform} first."));
        }

        return new RestClaim(job, adapterId, new Wire.LeaseRef { JobId = id, Epoch = job.LeaseEpoch }, null);
    }

    /// <summary>Renews the claim's lease, as a heartbeat of a gRPC adapter would.</summary>
    public static async Task RenewAsync(HttpContext http, RestClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var heartbeat = new Wire.HeartbeatRequest { AdapterId = claim.AdapterId, Leases = { claim.Lease } };
        await RestProviderEndpoints.Call(http, "Heartbeat", (s, c) => s.Heartbeat(heartbeat, c));
    }

    /// <summary>The job as it is now, in v3's shape.</summary>
    public static async Task<IResult> AnswerAsync(HttpContext http, long id)
    {
        ArgumentNullException.ThrowIfNull(http);
        var job = await Guarded(http, () => http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IJobGrain>(id).GetAsync());
        return job is null
            ? RestJobErrors.JobNotFound(id)
            : Results.Json(RestJobJson.Job(http.RequestServices.GetRequiredService<JobMapper>().ToWire(job)));
    }

    /// <summary>Runs a direct cluster call with the gRPC pipeline's error translation.</summary>
    private static async Task<T> Guarded<T>(HttpContext http, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw http.RequestServices.GetRequiredService<ErrorTranslator>().Translate(e, "/nmpi.v1.Adapters/GetJob", http.RequestAborted);
        }
    }
}
