using Nmpi.Api.V1;

namespace Nmpi.Client;

/// <summary>Quotas: usage against limits, and resource requests.</summary>
public sealed partial class NmpiClient
{
    /// <summary>The generated Quotas client, for calls this library does not wrap.</summary>
    public Quotas.QuotasClient Quotas { get; }

    /// <summary>The quotas of the collabs the user may view, optionally of one collab or platform.</summary>
    public async Task<IReadOnlyList<Quota>> ListQuotasAsync(string? collab = null, string? platform = null, CancellationToken cancellationToken = default)
    {
        var request = new ListQuotasRequest { Collab = collab ?? "", Platform = platform ?? "" };
        return (await CallAsync(() => Quotas.ListQuotasAsync(request, Options(cancellationToken)).ResponseAsync)).Quotas;
    }

    /// <summary>Writes a resource request for a collab (amounts per platform, in the platform's units), and submits it for review when asked.</summary>
    public async Task<ResourceRequest> RequestResourcesAsync(
        string collab, string title, string summary, IReadOnlyDictionary<string, double> amounts, bool submit = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        var request = new CreateResourceRequestRequest { Collab = collab, Title = title, Abstract = summary };
        request.Requested.AddRange(amounts.Select(a => new PlatformAmount { Platform = a.Key, Amount = a.Value }));
        var created = await CallAsync(() => Quotas.CreateResourceRequestAsync(request, Options(cancellationToken)).ResponseAsync);
        return submit ? await SubmitResourceRequestAsync(created.Id, cancellationToken) : created;
    }

    /// <summary>Submits a request in preparation for review.</summary>
    public Task<ResourceRequest> SubmitResourceRequestAsync(long id, CancellationToken cancellationToken = default) =>
        CallAsync(() => Quotas.SubmitResourceRequestAsync(new SubmitResourceRequestRequest { Id = id }, Options(cancellationToken)).ResponseAsync);

    /// <summary>The requests of the collabs the user may view (or of one), newest first.</summary>
    public async Task<IReadOnlyList<ResourceRequest>> ListResourceRequestsAsync(string? collab = null, CancellationToken cancellationToken = default) =>
        (await CallAsync(() => Quotas.ListResourceRequestsAsync(new ListResourceRequestsRequest { Collab = collab ?? "" }, Options(cancellationToken)).ResponseAsync)).Requests;
}
