using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Api.V1;
using Nmpi.JobManager.Charts;
using Nmpi.JobManager.Pages;

namespace Nmpi.JobManager.Endpoints;

/// <summary>The statistics page: platform-wide charts from the Statistics service, public as the service is.</summary>
internal static class StatisticsEndpoints
{
    // Enough bins to show a shape, few enough to read on a phone.
    private const int DurationBins = 12;

    public static void Map(RouteGroupBuilder app) => app.MapGet("/statistics", ShowAsync);

    private static async Task<IResult> ShowAsync(HttpContext http, IPlatformServices platform, string? days)
    {
        if (StatisticsSpan.Parse(days) is not { } span)
        {
            var offered = string.Join(", ", StatisticsSpan.All.Select(s => s.Days));
            return PageResults.Problem(http, StatusCodes.Status400BadRequest, "Not possible", $"days must be one of {offered}, not '{days}'.");
        }

        var countRequest = new JobCountRequest
        {
            Period = new PeriodRequest
            {
                Start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-span.Days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                IntervalDays = span.IntervalDays,
            },
        };
        var counts = await platform.StatisticsAsync(http, Rpc.Statistics("GetJobCount"), (s, c) => s.GetJobCount(countRequest, c));
        var queues = await platform.StatisticsAsync(http, Rpc.Statistics("GetQueueLength"), (s, c) => s.GetQueueLength(new QueueLengthRequest(), c));
        var durationRequest = new JobDurationRequest { NBins = DurationBins, Scale = "linear" };
        var durations = await platform.StatisticsAsync(http, Rpc.Statistics("GetJobDuration"), (s, c) => s.GetJobDuration(durationRequest, c));
        var view = StatisticsView.From(span, counts, queues, durations);
        return PageResults.Page<StatisticsPage>(new { Viewer = Viewer.Of(http), View = view });
    }
}
