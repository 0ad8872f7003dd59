namespace Nmpi.Grains.Quotas;

/// <summary>The default <see cref="IQuotaRequestEvents"/>: tells nobody.</summary>
public sealed class NoQuotaRequestEvents : IQuotaRequestEvents
{
    public Task RequestSubmittedAsync(ResourceRequestSubmitted submitted) => Task.CompletedTask;

    public Task RequestDecidedAsync(ResourceRequestDecided decided) => Task.CompletedTask;
}
