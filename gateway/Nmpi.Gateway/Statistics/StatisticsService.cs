using Grpc.Core;
using Nmpi.Api.Platforms;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.Validation;
using Nmpi.GrainInterfaces.Quotas;
using Nmpi.GrainInterfaces.Statistics;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Statistics;

/// <summary>
/// The Statistics gRPC service: platform-wide aggregates anyone may read, as the EBRAINS job queue publishes them.
/// Every answer lists every platform of the catalog and nothing per collab or user.
/// </summary>
public sealed class StatisticsService(IGrainFactory grains, TimeProvider time) : Wire.Statistics.StatisticsBase
{
    private const int MaxBins = 1000;

    private IStatisticsGrain Grain => grains.GetGrain<IStatisticsGrain>(0);

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public override async Task<Wire.PeriodCounts> GetJobCount(Wire.JobCountRequest request, ServerCallContext context)
    {
        var period = request.Period ?? new Wire.PeriodRequest();
        var grid = Require(StatisticsPeriods.Grid(period.Start, period.End, period.IntervalDays, Today, StatisticsPeriods.Layout.Inside));
        var counts = Spread(grid, await Grain.JobCountsAsync(grid), request.Cumulative);
        return Counts(grid, counts);
    }

    public override async Task<Wire.PeriodCounts> GetActiveUserCount(Wire.PeriodRequest request, ServerCallContext context)
    {
        var grid = Require(StatisticsPeriods.Grid(request.Start, request.End, request.IntervalDays, Today, StatisticsPeriods.Layout.UpToEnd));
        return Counts(grid, Spread(grid, await Grain.ActiveUsersAsync(grid), cumulative: false));
    }

    public override async Task<Wire.PeriodAmounts> GetResourceUsage(Wire.PeriodRequest request, ServerCallContext context)
    {
        var grid = Require(StatisticsPeriods.Grid(request.Start, request.End, request.IntervalDays, Today, StatisticsPeriods.Layout.Covering));

        // EBRAINS answers usage summed from the start up to each period's end.
        var usage = Spread(grid, await Grain.UsageAsync(grid), cumulative: true);
        var response = new Wire.PeriodAmounts();
        for (var i = 0; i < grid.Periods; i++)
        {
            var period = new Wire.PeriodAmount { Start = StatisticsPeriods.Text(grid.StartOf(i)), End = StatisticsPeriods.Text(grid.StartOf(i + 1)) };
            foreach (var platform in PlatformCatalog.All)
            {
                period.Value[platform.Name] = (double)usage[platform.Name][i];
            }

            response.Periods.Add(period);
        }

        return response;
    }

    public override async Task<Wire.QueueLengthResponse> GetQueueLength(Wire.QueueLengthRequest request, ServerCallContext context)
    {
        var queues = (await Grain.QueuesAsync()).ToDictionary(q => q.Platform, StringComparer.Ordinal);
        var response = new Wire.QueueLengthResponse();
        response.Queues.AddRange(PlatformCatalog.All.Select(p => queues.GetValueOrDefault(p.Name) is { } q
            ? new Wire.QueueLength { QueueName = p.Name, Running = q.Running, Submitted = q.Submitted }
            : new Wire.QueueLength { QueueName = p.Name }));
        return response;
    }

    public override async Task<Wire.JobDurationResponse> GetJobDuration(Wire.JobDurationRequest request, ServerCallContext context)
    {
        var scale = request.Scale.Length == 0 ? "linear" : request.Scale;
        var bins = request.NBins == 0 ? 50 : request.NBins;
        var problems = new List<FieldViolation>();
        if (scale is not ("linear" or "log"))
        {
            problems.Add(new("scale", $"must be 'linear' or 'log', not '{scale}'"));
        }

        if (bins < (scale == "log" ? 2 : 1) || bins > MaxBins)
        {
            problems.Add(new("n_bins", $"must be between {(scale == "log" ? 2 : 1)} and {MaxBins}"));
        }

        if (request.RequestedMax < 0)
        {
            problems.Add(new("requested_max", "must not be negative"));
        }

        if (problems.Count > 0)
        {
            throw GatewayErrors.InvalidArgument(problems);
        }

        var histograms = await Grain.DurationsAsync(new DurationQuery(request.RequestedMax > 0 ? request.RequestedMax : null, bins, scale == "log"));
        var response = new Wire.JobDurationResponse();

        // In the EBRAINS order: finished then error, platforms in catalog order; only those with durations.
        foreach (var status in new[] { "finished", "error" })
        {
            foreach (var platform in PlatformCatalog.All)
            {
                if (histograms.FirstOrDefault(h => h.Status == status && h.Platform == platform.Name) is { } histogram)
                {
                    var wire = new Wire.DurationHistogram { Platform = platform.Name, Status = status, Scale = scale, Max = histogram.Max };
                    wire.Values.AddRange(histogram.Values);
                    wire.Bins.AddRange(histogram.Bins);
                    response.Histograms.Add(wire);
                }
            }
        }

        return response;
    }

    public override async Task<Wire.TimeSeries> GetCumulativeUserCount(Wire.CumulativeUserCountRequest request, ServerCallContext context)
    {
        var problems = request.Platforms
            .Where(p => PlatformCatalog.Find(p) is null)
            .Select(p => new FieldViolation("platforms", $"unknown platform '{p}'; known: {string.Join(", ", PlatformCatalog.All.Select(c => c.Name))}"))
            .ToList();
        if (problems.Count > 0)
        {
            throw GatewayErrors.InvalidArgument(problems);
        }

        return Series(await Grain.FirstJobDaysAsync([.. request.Platforms]));
    }

    public override async Task<Wire.TimeSeries> GetCumulativeProjectCount(Wire.CumulativeProjectCountRequest request, ServerCallContext context)
    {
        var status = request.Status switch
        {
            Wire.ResourceRequestStatus.Unspecified or Wire.ResourceRequestStatus.Accepted => ResourceRequestStatus.Accepted,
            Wire.ResourceRequestStatus.InPreparation => ResourceRequestStatus.InPreparation,
            Wire.ResourceRequestStatus.UnderReview => ResourceRequestStatus.UnderReview,
            Wire.ResourceRequestStatus.Rejected => ResourceRequestStatus.Rejected,
            _ => throw GatewayErrors.InvalidArgument([new FieldViolation("status", $"unknown status {(int)request.Status}")]),
        };
        return Series(await Grain.RequestDaysAsync(status));
    }

    /// <summary>
    /// As EBRAINS: one date per user (request), sorted, then today; the running count, its last value repeated for today.
    /// With none at all, today and 0 (EBRAINS fails there).
    /// </summary>
    private Wire.TimeSeries Series(IReadOnlyList<DayCount> days)
    {
        var series = new Wire.TimeSeries();
        long count = 0;
        foreach (var day in days.OrderBy(d => d.Day))
        {
            var text = StatisticsPeriods.Text(day.Day);
            for (var i = 0; i < day.Count; i++)
            {
                series.Dates.Add(text);
                series.Values.Add(++count);
            }
        }

        series.Dates.Add(StatisticsPeriods.Text(Today));
        series.Values.Add(count);
        return series;
    }

    /// <summary>Per catalog platform, the value of each period (zero where there is none), summed up when cumulative.</summary>
    private static Dictionary<string, decimal[]> Spread(PeriodGrid grid, IReadOnlyList<PlatformPeriodValue> values, bool cumulative)
    {
        var spread = PlatformCatalog.All.ToDictionary(p => p.Name, _ => new decimal[grid.Periods], StringComparer.Ordinal);
        foreach (var value in values.Where(v => v.Period >= 0 && v.Period < grid.Periods))
        {
            if (spread.TryGetValue(value.Platform, out var periods))
            {
                periods[value.Period] += value.Value;
            }
        }

        if (cumulative)
        {
            foreach (var periods in spread.Values)
            {
                for (var i = 1; i < periods.Length; i++)
                {
                    periods[i] += periods[i - 1];
                }
            }
        }

        return spread;
    }

    private static Wire.PeriodCounts Counts(PeriodGrid grid, Dictionary<string, decimal[]> counts)
    {
        var response = new Wire.PeriodCounts();
        for (var i = 0; i < grid.Periods; i++)
        {
            var period = new Wire.PeriodCount { Start = StatisticsPeriods.Text(grid.StartOf(i)), End = StatisticsPeriods.Text(grid.StartOf(i + 1)) };
            foreach (var platform in PlatformCatalog.All)
            {
                period.Count[platform.Name] = (long)counts[platform.Name][i];
            }

            response.Periods.Add(period);
        }

        return response;
    }

    private static PeriodGrid Require((PeriodGrid? Grid, IReadOnlyList<FieldViolation> Problems) result) =>
        result.Grid ?? throw GatewayErrors.InvalidArgument(result.Problems);
}
