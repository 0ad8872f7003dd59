using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Rest.Projects;

/// <summary>Maps resource requests of the Quotas service to EBRAINS projects and quotas.</summary>
public static class ProjectMapper
{
    /// <summary>The resource URI of a project.</summary>
    public static string Uri(long id) => $"/projects/{id}";

    /// <summary>The project of a request; <paramref name="usage"/> holds the collab's usage per platform (accepted requests).</summary>
    public static ProjectDocument ToDocument(Wire.ResourceRequest request, IReadOnlyDictionary<string, double> usage)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(usage);
        var granted = request.Status == Wire.ResourceRequestStatus.Accepted
            ? request.Granted.Select(g => Quota(request.Id, g, usage.GetValueOrDefault(g.Platform))).ToList()
            : [];
        return new ProjectDocument
        {
            Id = request.Id,
            Collab = request.Collab,
            Title = request.Title,
            Abstract = request.Abstract,
            Owner = request.RequestedBy,
            SubmissionDate = Date(request.SubmittedAt),
            DecisionDate = Date(request.DecidedAt),
            ResourceUri = Uri(request.Id),
            Status = ProjectStatusNames.Of(request.Status),
            Quotas = granted,
            Requested = [.. request.Requested.Select(r => Quota(request.Id, r, 0))],
        };
    }

    /// <summary>The quota of a project on one platform.</summary>
    public static QuotaDocument Quota(long projectId, Wire.PlatformAmount amount, double usage)
    {
        ArgumentNullException.ThrowIfNull(amount);
        return new QuotaDocument
        {
            Limit = amount.Amount,
            Platform = amount.Platform,
            Units = amount.Units,
            Usage = usage,
            Project = Uri(projectId),
            ResourceUri = $"{Uri(projectId)}/quotas/{amount.Platform}",
        };
    }

    /// <summary>The UTC date of a timestamp as EBRAINS writes dates (yyyy-MM-dd), or null.</summary>
    public static string? Date(Timestamp? at) =>
        at is null ? null : at.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
