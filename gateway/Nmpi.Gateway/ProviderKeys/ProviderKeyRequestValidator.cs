using System.Text.RegularExpressions;
using Nmpi.Api.Platforms;
using Nmpi.Api.V1;
using Nmpi.Gateway.Validation;
using Nmpi.GrainInterfaces.ProviderKeys;

namespace Nmpi.Gateway.ProviderKeys;

/// <summary>Checks the administrators' provider key requests; a request with any violation changes nothing.</summary>
public static partial class ProviderKeyRequestValidator
{
    public const int MaxLabelLength = 200;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex SitePattern();

    public static IReadOnlyList<FieldViolation> Validate(CreateProviderKeyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        if (!SitePattern().IsMatch(request.Site))
        {
            violations.Add(new("site", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -"));
        }

        if (request.Platforms.Count == 0)
        {
            violations.Add(new("platforms", $"must name at least one platform ({KnownPlatforms()})"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Platforms.Count; i++)
        {
            var platform = request.Platforms[i];
            if (PlatformCatalog.Find(platform) is null)
            {
                violations.Add(new($"platforms[{i}]", $"must be a known platform ({KnownPlatforms()})"));
            }
            else if (!seen.Add(platform))
            {
                violations.Add(new($"platforms[{i}]", "is listed twice"));
            }
        }

        if (request.Label.Length > MaxLabelLength)
        {
            violations.Add(new("label", $"must be at most {MaxLabelLength} characters"));
        }
        else if (request.Label.Any(char.IsControl))
        {
            violations.Add(new("label", "must not contain control characters"));
        }

        return violations;
    }

    public static IReadOnlyList<FieldViolation> Validate(ListProviderKeysRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Site.Length == 0 || SitePattern().IsMatch(request.Site)
            ? []
            : [new("site", "must be empty (all sites) or 1 to 64 characters of A-Z a-z 0-9 . _ -")];
    }

    public static IReadOnlyList<FieldViolation> Validate(RevokeProviderKeyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return KeyId(request.KeyId);
    }

    public static IReadOnlyList<FieldViolation> Validate(RotateProviderKeyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = KeyId(request.KeyId).ToList();
        if (request.Grace is { } grace)
        {
            if (grace.Seconds < 0 || grace.Nanos < 0 || grace.Nanos >= 1_000_000_000)
            {
                violations.Add(new("grace", "must not be negative"));
            }
            else if (grace.Seconds > (long)ProviderKeyLimits.MaxGrace.TotalSeconds || (grace.Seconds == (long)ProviderKeyLimits.MaxGrace.TotalSeconds && grace.Nanos > 0))
            {
                violations.Add(new("grace", $"must be at most {ProviderKeyLimits.MaxGrace.TotalDays:0} days"));
            }
        }

        return violations;
    }

    private static IReadOnlyList<FieldViolation> KeyId(string keyId) =>
        ProviderKeyFormat.IsKeyId(keyId) ? [] : [new("key_id", "must be a key id as ListProviderKeys shows it")];

    private static string KnownPlatforms() => string.Join(", ", PlatformCatalog.All.Select(p => p.Name));
}
