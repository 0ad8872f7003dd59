using Microsoft.Extensions.Options;

namespace Nmpi.Gateway;

/// <summary>Refuses to start the gateway with settings that would fail later at request time.</summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ArtifactDirectory))
        {
            failures.Add($"{GatewayOptions.SectionName}:ArtifactDirectory is required.");
        }

        if (!Uri.TryCreate(options.CapabilityBaseAddress, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            failures.Add($"{GatewayOptions.SectionName}:CapabilityBaseAddress must be an absolute http(s) URL.");
        }

        // A capability URL is a bearer credential that outlives membership and deletion: keep its life short.
        if (options.CapabilityUrlLifetime <= TimeSpan.Zero || options.CapabilityUrlLifetime > GatewayOptions.MaxCapabilityUrlLifetime)
        {
            failures.Add($"{GatewayOptions.SectionName}:CapabilityUrlLifetime must be positive and at most {GatewayOptions.MaxCapabilityUrlLifetime.TotalHours:0} h.");
        }

        var key = new byte[Math.Max(0, options.SigningKey.Length)];
        if (!Convert.TryFromBase64String(options.SigningKey, key, out var keyBytes) || keyBytes < 32)
        {
            failures.Add($"{GatewayOptions.SectionName}:SigningKey must be base64 of at least 32 bytes.");
        }

        if (options.MaxOutputFileBytes <= 0)
        {
            failures.Add($"{GatewayOptions.SectionName}:MaxOutputFileBytes must be positive.");
        }

        if (options.MaxCodeFileBytes <= 0 || options.MaxCodeBundleBytes < options.MaxCodeFileBytes)
        {
            failures.Add($"{GatewayOptions.SectionName}:MaxCodeFileBytes must be positive and at most MaxCodeBundleBytes.");
        }

        if (options.LeaseMaxWait <= TimeSpan.Zero || options.LeaseMaxWait > TimeSpan.FromSeconds(60))
        {
            failures.Add($"{GatewayOptions.SectionName}:LeaseMaxWait must be above 0 and at most 60 s.");
        }

        if (options.LeaseDefaultWait < TimeSpan.Zero || options.LeaseDefaultWait > options.LeaseMaxWait)
        {
            failures.Add($"{GatewayOptions.SectionName}:LeaseDefaultWait must be 0 to LeaseMaxWait.");
        }

        // One job of the largest spec must always fit, and the reply must stay below what adapters receive (8 MiB).
        if (options.MaxLeaseReplyBytes < 2 * 1024 * 1024 || options.MaxLeaseReplyBytes > 7 * 1024 * 1024)
        {
            failures.Add($"{GatewayOptions.SectionName}:MaxLeaseReplyBytes must be 2 MiB to 7 MiB.");
        }

        if (options.MaxGrainWait <= TimeSpan.Zero)
        {
            failures.Add($"{GatewayOptions.SectionName}:MaxGrainWait must be positive.");
        }

        if (options.StreamRecheck <= TimeSpan.Zero)
        {
            failures.Add($"{GatewayOptions.SectionName}:StreamRecheck must be positive.");
        }

        if (options.MaxInlineLogBytes <= 0)
        {
            failures.Add($"{GatewayOptions.SectionName}:MaxInlineLogBytes must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
