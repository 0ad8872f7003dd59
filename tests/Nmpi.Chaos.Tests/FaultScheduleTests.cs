using Nmpi.Chaos;

namespace Nmpi.Chaos.Tests;

/// <summary>The fault plan: every fault inside the run's middle, kinds interleaved, targets taken in turn.</summary>
public sealed class FaultScheduleTests
{
    [Fact]
    public void Plan_SpreadsEveryFaultOverTheMiddleOfTheRun_KindsInterleavedAndTargetsInTurn()
    {
        var duration = TimeSpan.FromMinutes(15);
        var plan = FaultSchedule.Plan(
            duration,
            new Dictionary<FaultKind, int> { [FaultKind.Silo] = 30, [FaultKind.Adapter] = 10, [FaultKind.Gateway] = 5, [FaultKind.Postgres] = 4 },
            new Dictionary<FaultKind, int> { [FaultKind.Silo] = 3, [FaultKind.Adapter] = 2, [FaultKind.Gateway] = 2 });

        Assert.Equal(49, plan.Count);
        Assert.All(plan, p => Assert.InRange(p.At, duration * 0.1, duration * 0.9));
        Assert.Equal(plan.OrderBy(p => p.At), plan);
        Assert.Equal([0, 1, 2, 0, 1, 2], plan.Where(p => p.Kind == FaultKind.Silo).Take(6).Select(p => p.Target));
        Assert.All(plan.Where(p => p.Kind == FaultKind.Postgres), p => Assert.Equal(0, p.Target));

        // Each kind's faults are spread across the run, not bunched: the first and last of every kind are far apart.
        foreach (var kind in plan.GroupBy(p => p.Kind))
        {
            Assert.True(kind.Last().At - kind.First().At >= duration * 0.5, $"{kind.Key} faults bunched together");
        }
    }
}
