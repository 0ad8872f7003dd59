using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Rest.Projects;

/// <summary>The EBRAINS names of a project's status ("in preparation", "under review", "accepted", "rejected").</summary>
public static class ProjectStatusNames
{
    public const string InPreparation = "in preparation";
    public const string UnderReview = "under review";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";

    /// <summary>The names a client may send, for error texts.</summary>
    public const string Allowed = "'in preparation', 'under review', 'accepted' or 'rejected'";

    /// <summary>The EBRAINS name of a request's status.</summary>
    public static string Of(Wire.ResourceRequestStatus status) => status switch
    {
        Wire.ResourceRequestStatus.UnderReview => UnderReview,
        Wire.ResourceRequestStatus.Accepted => Accepted,
        Wire.ResourceRequestStatus.Rejected => Rejected,
        _ => InPreparation,
    };

    /// <summary>The <c>status</c> query parameter (null when absent); a name EBRAINS does not have is recorded as malformed.</summary>
    public static Wire.ResourceRequestStatus? FromQuery(RestQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Text("status") is not { } text)
        {
            return null;
        }

        var status = Parse(text);
        if (status is null)
        {
            query.Invalid("status", $"value is not a valid enumeration member; permitted: {Allowed}, not '{text}'");
        }

        return status;
    }

    /// <summary>The status a name stands for, or null for a name EBRAINS does not have.</summary>
    public static Wire.ResourceRequestStatus? Parse(string? name) => name switch
    {
        InPreparation => Wire.ResourceRequestStatus.InPreparation,
        UnderReview => Wire.ResourceRequestStatus.UnderReview,
        Accepted => Wire.ResourceRequestStatus.Accepted,
        Rejected => Wire.ResourceRequestStatus.Rejected,
        _ => null,
    };
}
