namespace Nmpi.GrainInterfaces.Quotas;

/// <summary>One resource request (key: its id): edits, submission for review and the decision.</summary>
[Alias("nmpi.IResourceRequestGrain")]
public interface IResourceRequestGrain : IGrainWithIntegerKey
{
    /// <summary>The request, or null when there is none with this id.</summary>
    [Alias("Get")]
    Task<ResourceRequest?> GetAsync();

    /// <summary>Replaces title, abstract and amounts while the request is in preparation.</summary>
    [Alias("Update")]
    Task<ResourceRequest> UpdateAsync(ResourceRequestDraft draft, string by);

    /// <summary>Moves the request from preparation to review and tells the administrators.</summary>
    [Alias("Submit")]
    Task<ResourceRequest> SubmitAsync(string by);

    /// <summary>Deletes the request while it is in preparation.</summary>
    [Alias("Delete")]
    Task DeleteAsync();

    /// <summary>Accepts (granting quotas) or rejects a request under review and tells the requester.</summary>
    [Alias("Decide")]
    Task<ResourceRequest> DecideAsync(ResourceRequestDecision decision);
}
