using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.InProcess;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Rest.Jobs;

public static partial class RestJobsEndpoints
{
    /// <summary>At most this many jobs of a collab are read to collect its tags.</summary>
    private const int MaxJobsForTags = 10_000;

    private static async Task<IResult> ListAsync(HttpContext http)
    {
        var (query, violations) = RestJobQuery.Parse(http.Request.Query);
        if (violations.Count > 0)
        {
            return RestErrors.Unprocessable(RestInputException.Query, violations);
        }

        try
        {
            var caller = await CallerAsync(http, "ListJobs");

            // v3's rules for everyone but an administrator asking as one: only one's own user id; no collab means one's own jobs.
            if (!(query.AsAdmin && caller.Admin))
            {
                if (query.AsAdmin)
                {
                    return RestErrors.Problem(StatusCodes.Status403Forbidden, "The token provided does not give admin privileges");
                }

                if (query.UserIds.Count > 1)
                {
                    return RestErrors.Problem(StatusCodes.Status400BadRequest, "Only admins can directly query other users' jobs, try querying by collab");
                }

                if (query.UserIds is [var only] && only != caller.UserId)
                {
                    return RestErrors.Problem(
                        StatusCodes.Status403Forbidden, $"User id provided ({only}) does not match authentication token ({caller.UserId})");
                }

                if (query.Collabs.Count == 0)
                {
                    query = query with { UserIds = [caller.UserId] };
                }
            }

            if (query.SelectsNothing)
            {
                return Results.Json(Array.Empty<object>());
            }

            var window = query.FromIndex + query.Size;
            var found = new Dictionary<long, Wire.Job>();
            foreach (var request in query.Requests())
            {
                foreach (var job in await NewestAsync(http, request, window))
                {
                    found.TryAdd(job.Id, job);
                }

                // Only the newest window can be on the page: keep the gateway's memory at one window between combinations.
                if (found.Count > window)
                {
                    found = found.Values.OrderByDescending(j => j.Id).Take(window).ToDictionary(j => j.Id);
                }
            }

            var page = found.Values.OrderByDescending(j => j.Id).Skip(query.FromIndex).Take(query.Size);
            return Results.Json(page.Select(j => RestJobJson.Job(j)).ToList());
        }
        catch (RpcException e)
        {
            return RestJobErrors.FromRpc(e);
        }
    }

    private static async Task<IResult> QueryTagsAsync(HttpContext http)
    {
        var collab = http.Request.Query["collab"].FirstOrDefault(v => v is { Length: > 0 } and not ("null" or "undefined"));
        try
        {
            var caller = await CallerAsync(http, "ListJobs");
            if (collab is null && !caller.Admin)
            {
                return RestErrors.Problem(StatusCodes.Status403Forbidden, "Please specify a collab");
            }

            if (collab is not null && !caller.CanView(collab))
            {
                return RestErrors.Problem(StatusCodes.Status404NotFound, $"Either collab {collab} does not exist, or you do not have access to it");
            }

            var jobs = await NewestAsync(http, new Wire.ListJobsRequest { Collab = collab ?? "" }, MaxJobsForTags);
            var tags = jobs.SelectMany(j => j.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            return Results.Json(RestJobJson.Tags(tags));
        }
        catch (RpcException e)
        {
            return RestJobErrors.FromRpc(e);
        }
    }

    /// <summary>The newest <paramref name="count"/> jobs a ListJobs request selects, page by page.</summary>
    private static async Task<List<Wire.Job>> NewestAsync(HttpContext http, Wire.ListJobsRequest request, int count)
    {
        var jobs = new List<Wire.Job>();
        var token = "";
        while (jobs.Count < count)
        {
            var page = request.Clone();
            page.PageSize = Math.Min(Validation.ListJobsValidator.MaxPageSize, count - jobs.Count);
            page.PageToken = token;
            var response = await Call(http, "ListJobs", (s, c) => s.ListJobs(page, c));
            jobs.AddRange(response.Jobs);
            if (response.NextPageToken.Length == 0 || response.Jobs.Count == 0)
            {
                break;
            }

            token = response.NextPageToken;
        }

        return jobs;
    }

    /// <summary>The user behind the request's bearer token (for v3's rules that depend on who asks).</summary>
    private static Task<UserPrincipal> CallerAsync(HttpContext http, string method)
    {
        var context = new InProcessCallContext(http, Service + method);
        return http.RequestServices.GetRequiredService<CallerAuthenticator>().AuthenticateUserAsync(context.RequestHeaders, http.RequestAborted);
    }
}
