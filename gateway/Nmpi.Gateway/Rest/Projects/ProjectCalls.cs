using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Nmpi.Gateway.InProcess;
using Nmpi.Gateway.Quotas;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Rest.Projects;

/// <summary>The Quotas service calls behind the project endpoints, run in-process with the caller's headers.</summary>
public static class ProjectCalls
{
    private const int PageSize = 500;

    /// <summary>The request with this id, or NOT_FOUND in the EBRAINS wording for a missing, hidden or malformed id.</summary>
    public static async Task<Wire.ResourceRequest> LoadAsync(HttpContext http, string id)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            throw NotFound(id);
        }

        try
        {
            return await Call(http, "GetResourceRequest", (s, c) => s.GetResourceRequest(new Wire.GetResourceRequestRequest { Id = number }, c));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            throw NotFound(id);
        }
    }

    /// <summary>NOT_FOUND for a project the caller cannot see, worded as EBRAINS words it for jobs.</summary>
    public static RpcException NotFound(string id) =>
        new(new Status(StatusCode.NotFound, $"Either there is no project with id {id}, or you do not have access to it"));

    /// <summary>
    /// The newest requests of one collab ("" for every collab the caller may view) in a status (null: any), owned by one of
    /// <paramref name="owners"/> (empty: anyone), until <paramref name="needed"/> are found or there are no more.
    /// </summary>
    public static async Task<List<Wire.ResourceRequest>> ListAsync(
        HttpContext http, string collab, Wire.ResourceRequestStatus? status, IReadOnlyCollection<string> owners, int needed)
    {
        var found = new List<Wire.ResourceRequest>();
        long before = 0;
        while (found.Count < needed)
        {
            var request = new Wire.ListResourceRequestsRequest
            {
                Collab = collab,
                Status = status ?? Wire.ResourceRequestStatus.Unspecified,
                PageSize = PageSize,
                BeforeId = before,
            };
            var page = await Call(http, "ListResourceRequests", (s, c) => s.ListResourceRequests(request, c));
            found.AddRange(page.Requests.Where(r => owners.Count == 0 || owners.Contains(r.RequestedBy)));
            if (page.Requests.Count < PageSize)
            {
                break;
            }

            before = page.Requests[^1].Id;
        }

        return found;
    }

    /// <summary>What each collab has used per platform, for the collabs of the accepted requests among <paramref name="requests"/>.</summary>
    public static async Task<Dictionary<string, Dictionary<string, double>>> UsageAsync(HttpContext http, IEnumerable<Wire.ResourceRequest> requests)
    {
        var usage = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var collab in requests.Where(r => r.Status == Wire.ResourceRequestStatus.Accepted).Select(r => r.Collab).Distinct(StringComparer.Ordinal))
        {
            var quotas = await Call(http, "ListQuotas", (s, c) => s.ListQuotas(new Wire.ListQuotasRequest { Collab = collab }, c));
            usage[collab] = quotas.Quotas.ToDictionary(q => q.Platform, q => q.Used, StringComparer.Ordinal);
        }

        return usage;
    }

    /// <summary>The project document of one request, with its collab's usage.</summary>
    public static async Task<ProjectDocument> DocumentAsync(HttpContext http, Wire.ResourceRequest request)
    {
        var usage = await UsageAsync(http, [request]);
        return ProjectMapper.ToDocument(request, usage.GetValueOrDefault(request.Collab) ?? []);
    }

    /// <summary>Runs one Quotas service method in-process.</summary>
    public static Task<T> Call<T>(HttpContext http, string method, Func<QuotasService, ServerCallContext, Task<T>> call) =>
        InProcessCalls.InvokeAsync(http, "/nmpi.v1.Quotas/" + method, call);

    /// <summary>Per-platform amounts for the wire.</summary>
    public static IEnumerable<Wire.PlatformAmount> Amounts(IEnumerable<PlatformLimit> limits) =>
        limits.Select(l => new Wire.PlatformAmount { Platform = l.Platform, Amount = l.Limit });
}
