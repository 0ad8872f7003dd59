namespace Nmpi.Cluster.Tests.Storage.Grains;

/// <summary>A counter kept in ADO.NET grain storage.</summary>
[Alias("nmpi.tests.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one and writes the state; returns the new value.</summary>
    [Alias("Increment")]
    Task<int> Increment();

    /// <summary>Returns the value as last read or written.</summary>
    [Alias("Get")]
    Task<int> Get();

    /// <summary>Clears the stored state.</summary>
    [Alias("Clear")]
    Task Clear();
}
