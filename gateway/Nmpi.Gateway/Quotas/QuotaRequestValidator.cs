using Google.Protobuf.WellKnownTypes;
using Nmpi.Gateway.Validation;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Quotas;

/// <summary>Field checks of the Quotas service's requests; an empty list means the request may go on.</summary>
public static class QuotaRequestValidator
{
    private const double MaxAmount = 1_000_000_000;

    public static IReadOnlyList<FieldViolation> Validate(Wire.CreateResourceRequestRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        Add(violations, "collab", FieldRules.Collab(request.Collab));
        Draft(request.Title, request.Abstract, request.Requested, violations);
        return violations;
    }

    public static IReadOnlyList<FieldViolation> Validate(Wire.UpdateResourceRequestRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        Draft(request.Title, request.Abstract, request.Requested, violations);
        return violations;
    }

    public static IReadOnlyList<FieldViolation> Validate(Wire.DecideResourceRequestRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        if (!request.Accept && request.Granted.Count > 0)
        {
            violations.Add(new("granted", "must be empty when rejecting"));
        }

        Amounts("granted", request.Granted, allowZero: true, violations);
        Add(violations, "expires_at", request.ExpiresAt is { } at ? FieldRules.Timestamp(at) : null);
        Add(violations, "note", request.Note.Length > 10_000 ? "must be at most 10000 characters" : null);
        return violations;
    }

    public static IReadOnlyList<FieldViolation> Validate(Wire.SetQuotaRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        Add(violations, "collab", FieldRules.Collab(request.Collab));
        Add(violations, "platform", FieldRules.Platform(request.Platform));
        Add(violations, "limit", double.IsFinite(request.Limit) && request.Limit is >= 0 and <= MaxAmount ? null : $"must be between 0 and {MaxAmount:0}");
        Add(violations, "expires_at", request.ExpiresAt is { } at ? FieldRules.Timestamp(at) : null);
        return violations;
    }

    private static void Draft(string title, string summary, IReadOnlyList<Wire.PlatformAmount> requested, List<FieldViolation> violations)
    {
        Add(violations, "title", string.IsNullOrWhiteSpace(title) ? "must not be empty" : title.Length > 200 ? "must be at most 200 characters" : null);
        Add(violations, "abstract", summary.Length > 10_000 ? "must be at most 10000 characters" : null);
        if (requested.Count == 0)
        {
            violations.Add(new("requested", "must name at least one platform and amount"));
        }

        Amounts("requested", requested, allowZero: false, violations);
    }

    private static void Amounts(string field, IReadOnlyList<Wire.PlatformAmount> amounts, bool allowZero, List<FieldViolation> violations)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < amounts.Count; i++)
        {
            var amount = amounts[i];
            Add(violations, $"{field}[{i}].platform", FieldRules.Platform(amount.Platform)
                ?? (seen.Add(amount.Platform) ? null : "is named twice"));
            var fine = double.IsFinite(amount.Amount) && amount.Amount <= MaxAmount && (allowZero ? amount.Amount >= 0 : amount.Amount > 0);
            Add(violations, $"{field}[{i}].amount", fine ? null : allowZero ? $"must be between 0 and {MaxAmount:0}" : $"must be more than 0 and at most {MaxAmount:0}");
        }
    }

    private static void Add(List<FieldViolation> violations, string field, string? problem)
    {
        if (problem is not null)
        {
            violations.Add(new(field, problem));
        }
    }

    /// <summary>The timestamp as an instant, or null when unset.</summary>
    public static DateTimeOffset? Instant(Timestamp? value) => value?.ToDateTimeOffset();
}
