using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Storage.Grains;

public sealed class CounterGrain(
    [PersistentState("counter", TestSilo.StorageName)] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public async Task<int> Increment()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task Clear() => state.ClearStateAsync();
}
