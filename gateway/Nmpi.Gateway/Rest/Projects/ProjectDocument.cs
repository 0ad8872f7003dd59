using System.Text.Json.Serialization;

namespace Nmpi.Gateway.Rest.Projects;

/// <summary>A project as the EBRAINS job queue v3 answers it: one resource request of a collab, with its quotas.</summary>
public sealed record ProjectDocument
{
    [JsonPropertyName("id")] public required long Id { get; init; }
    [JsonPropertyName("collab")] public required string Collab { get; init; }
    [JsonPropertyName("title")] public required string Title { get; init; }
    [JsonPropertyName("abstract")] public required string Abstract { get; init; }

    /// <summary>Always null: the description a client sends is kept at the end of the abstract (see docs/compatibility.md).</summary>
    [JsonPropertyName("description")] public string? Description { get; init; }

    [JsonPropertyName("owner")] public required string Owner { get; init; }

    /// <summary>The UTC date the project was submitted for review (yyyy-MM-dd), or null.</summary>
    [JsonPropertyName("submission_date")] public string? SubmissionDate { get; init; }

    /// <summary>The UTC date it was accepted or rejected (yyyy-MM-dd), or null.</summary>
    [JsonPropertyName("decision_date")] public string? DecisionDate { get; init; }

    [JsonPropertyName("resource_uri")] public required string ResourceUri { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }

    /// <summary>What was granted per platform (accepted projects); empty before the decision, as in EBRAINS.</summary>
    [JsonPropertyName("quotas")] public required IReadOnlyList<QuotaDocument> Quotas { get; init; }

    /// <summary>Our addition: what the project asks for per platform (EBRAINS has no field for it).</summary>
    [JsonPropertyName("requested")] public required IReadOnlyList<QuotaDocument> Requested { get; init; }
}

/// <summary>A quota of a project as EBRAINS answers it: the limit on one platform and the usage, in the platform's units.</summary>
public sealed record QuotaDocument
{
    [JsonPropertyName("limit")] public required double Limit { get; init; }
    [JsonPropertyName("platform")] public required string Platform { get; init; }
    [JsonPropertyName("units")] public required string Units { get; init; }

    /// <summary>What the collab has used on the platform (quotas are pooled per collab and platform here).</summary>
    [JsonPropertyName("usage")] public required double Usage { get; init; }

    /// <summary>The project's resource URI.</summary>
    [JsonPropertyName("project")] public required string Project { get; init; }

    [JsonPropertyName("resource_uri")] public required string ResourceUri { get; init; }
}
