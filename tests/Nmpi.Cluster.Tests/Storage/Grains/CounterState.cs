namespace Nmpi.Cluster.Tests.Storage.Grains;

/// <summary>The stored state of <see cref="CounterGrain"/>.</summary>
[GenerateSerializer]
[Alias("nmpi.tests.CounterState.v1")]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }
}
