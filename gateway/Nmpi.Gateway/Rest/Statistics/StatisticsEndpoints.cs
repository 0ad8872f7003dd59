using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Api.Platforms;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.InProcess;
using Nmpi.Gateway.Rest.Jobs;
using Nmpi.Gateway.Rest.Projects;
using Nmpi.Gateway.Statistics;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Rest.Statistics;

/// <summary>EBRAINS <c>/statistics/*</c>: public, per-platform aggregates from the Statistics service, in the EBRAINS JSON shapes.</summary>
public static class StatisticsEndpoints
{
    /// <summary>Maps the eight public statistics of the EBRAINS job queue.</summary>
    public static RouteGroupBuilder MapStatistics(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/statistics/job-count", (Delegate)JobCounts);
        api.MapGet("/statistics/cumulative-job-count", (Delegate)CumulativeJobCounts);
        api.MapGet("/statistics/active-user-count", (Delegate)ActiveUserCount);
        api.MapGet("/statistics/resource-usage", (Delegate)ResourceUsage);
        api.MapGet("/statistics/queue-length", (Delegate)QueueLength);
        api.MapGet("/statistics/job-duration", (Delegate)JobDuration);
        api.MapGet("/statistics/cumulative-user-count", (Delegate)CumulativeUserCount);
        api.MapGet("/statistics/cumulative-project-count", (Delegate)CumulativeProjectCount);
        return api;
    }

    private static Task<IResult> JobCounts(HttpContext http) => JobCount(http, cumulative: false);

    private static Task<IResult> CumulativeJobCounts(HttpContext http) => JobCount(http, cumulative: true);

    private static async Task<IResult> JobCount(HttpContext http, bool cumulative)
    {
        var request = new Wire.JobCountRequest { Period = Period(http.Request), Cumulative = cumulative };
        return Counts(await Call(http, "GetJobCount", (s, c) => s.GetJobCount(request, c)));
    }

    private static async Task<IResult> ActiveUserCount(HttpContext http)
    {
        var request = Period(http.Request);
        return Counts(await Call(http, "GetActiveUserCount", (s, c) => s.GetActiveUserCount(request, c)));
    }

    private static async Task<IResult> ResourceUsage(HttpContext http)
    {
        var request = Period(http.Request);
        var usage = await Call(http, "GetResourceUsage", (s, c) => s.GetResourceUsage(request, c));
        return Results.Json(usage.Periods.Select(p => new { start = p.Start, end = p.End, value = new SortedDictionary<string, double>(p.Value, StringComparer.Ordinal) }).ToList());
    }

    private static async Task<IResult> QueueLength(HttpContext http)
    {
        var queues = await Call(http, "GetQueueLength", (s, c) => s.GetQueueLength(new Wire.QueueLengthRequest(), c));
        return Results.Json(queues.Queues.Select(q => new { queue_name = q.QueueName, running = q.Running, submitted = q.Submitted }).ToList());
    }

    private static async Task<IResult> JobDuration(HttpContext http)
    {
        var query = new RestQuery(http.Request.Query);
        var request = new Wire.JobDurationRequest
        {
            RequestedMax = query.Int("requested_max", 0, 0, int.MaxValue),
            NBins = query.Int("n_bins", 50, 1, 1000),
            Scale = query.Text("scale") ?? "",
        };
        query.ThrowIfInvalid();
        var durations = await Call(http, "GetJobDuration", (s, c) => s.GetJobDuration(request, c));
        return Results.Json(durations.Histograms.Select(h => new
        {
            values = h.Values.ToList(),
            bins = h.Bins.ToList(),
            platform = h.Platform,
            status = h.Status,
            scale = h.Scale,
            max = h.Max,
        }).ToList());
    }

    private static async Task<IResult> CumulativeUserCount(HttpContext http)
    {
        var query = new RestQuery(http.Request.Query);
        var request = new Wire.CumulativeUserCountRequest();
        foreach (var platform in query.Values("hardware_platform"))
        {
            if (PlatformCatalog.Find(platform) is null)
            {
                query.Invalid("hardware_platform", $"unknown platform '{platform}'; known: {string.Join(", ", PlatformCatalog.All.Select(p => p.Name))}");
            }

            request.Platforms.Add(platform);
        }

        query.ThrowIfInvalid();
        return Series(await Call(http, "GetCumulativeUserCount", (s, c) => s.GetCumulativeUserCount(request, c)));
    }

    private static async Task<IResult> CumulativeProjectCount(HttpContext http)
    {
        var query = new RestQuery(http.Request.Query);
        var request = new Wire.CumulativeProjectCountRequest { Status = ProjectStatusNames.FromQuery(query) ?? Wire.ResourceRequestStatus.Accepted };
        query.ThrowIfInvalid();
        return Series(await Call(http, "GetCumulativeProjectCount", (s, c) => s.GetCumulativeProjectCount(request, c)));
    }

    private static IResult Series(Wire.TimeSeries series) => Results.Json(new { dates = series.Dates.ToList(), values = series.Values.ToList() });

    private static Wire.PeriodRequest Period(HttpRequest request)
    {
        var query = new RestQuery(request.Query);
        var period = new Wire.PeriodRequest
        {
            Start = query.Date("start")?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            End = query.Date("end")?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            IntervalDays = query.Int("interval", StatisticsPeriods.DefaultInterval, 1, StatisticsPeriods.MaxSpanDays),
        };
        query.ThrowIfInvalid();
        return period;
    }

    private static IResult Counts(Wire.PeriodCounts counts) =>
        Results.Json(counts.Periods.Select(p => new { start = p.Start, end = p.End, count = new SortedDictionary<string, long>(p.Count, StringComparer.Ordinal) }).ToList());

    // The service's INVALID_ARGUMENT is about the query (a span too long, start after end): malformed input, a 422 like the rest.
    private static async Task<T> Call<T>(HttpContext http, string method, Func<StatisticsService, ServerCallContext, Task<T>> call)
    {
        try
        {
            return await InProcessCalls.InvokeAsync(http, "/nmpi.v1.Statistics/" + method, call);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            throw new RestInputException(RestInputException.Query, RestJobErrors.Violations(e));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && RestJobErrors.Reason(e) == ErrorReasons.StatisticsBusy)
        {
            // The 503 body comes from the REST error filter; the header tells clients when the scan limit frees up.
            var retry = e.GetRpcStatus()?.GetDetail<Google.Rpc.RetryInfo>()?.RetryDelay?.ToTimeSpan() ?? TimeSpan.FromSeconds(1);
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            throw;
        }
    }
}
