using Microsoft.Extensions.Logging;
using Nmpi.GrainInterfaces.Quotas;

namespace Nmpi.Grains.Quotas;

/// <summary>One resource request: reads its row, decides with <see cref="ResourceRequestRules"/>, writes it back, tells listeners.</summary>
public sealed partial class ResourceRequestGrain(
    ResourceRequestStore store, IQuotaRequestEvents events, TimeProvider time, ILogger<ResourceRequestGrain> log) : Grain, IResourceRequestGrain
{
    public Task<ResourceRequest?> GetAsync() => store.LoadAsync(this.GetPrimaryKeyLong());

    public async Task<ResourceRequest> UpdateAsync(ResourceRequestDraft draft, string by)
    {
        var request = await RequireAsync();
        return await SaveAsync(ResourceRequestRules.Edit(request, draft));
    }

    public async Task<ResourceRequest> SubmitAsync(string by)
    {
        var submitted = await SaveAsync(ResourceRequestRules.Submit(await RequireAsync(), time.GetUtcNow()));
        await TellAsync(() => events.RequestSubmittedAsync(new ResourceRequestSubmitted(submitted, by)), submitted.Id);
        return submitted;
    }

    public async Task DeleteAsync()
    {
        var request = ResourceRequestRules.Delete(await RequireAsync());
        if (!await store.DeleteAsync(request))
        {
            throw new QuotaRejectedException(QuotaRejection.InvalidTransition, $"Request {request.Id} was changed meanwhile; read it again and retry.");
        }
    }

    public async Task<ResourceRequest> DecideAsync(ResourceRequestDecision decision)
    {
        var decided = await SaveAsync(ResourceRequestRules.Decide(await RequireAsync(), decision, time.GetUtcNow()));
        await TellAsync(() => events.RequestDecidedAsync(new ResourceRequestDecided(decided)), decided.Id);
        return decided;
    }

    private async Task<ResourceRequest> RequireAsync() =>
        await store.LoadAsync(this.GetPrimaryKeyLong())
            ?? throw new QuotaRejectedException(QuotaRejection.NotFound, $"Request {this.GetPrimaryKeyLong()} not found.");

    private async Task<ResourceRequest> SaveAsync(ResourceRequest next)
    {
        if (!await store.SaveAsync(next, time.GetUtcNow()))
        {
            throw new QuotaRejectedException(QuotaRejection.InvalidTransition, $"Request {next.Id} was changed meanwhile; read it again and retry.");
        }

        return (await store.LoadAsync(next.Id))!;
    }

    private async Task TellAsync(Func<Task> tell, long id)
    {
        try
        {
            await tell();
        }
        catch (Exception error)
        {
            LogEventFailed(id, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The move of request {RequestId} is committed but its listeners could not be told")]
    private partial void LogEventFailed(long requestId, Exception error);
}
