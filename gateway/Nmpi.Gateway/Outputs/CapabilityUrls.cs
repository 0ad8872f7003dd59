using Microsoft.Extensions.Options;
using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Gateway.Outputs;

/// <summary>Hands out capability URLs <c>{base}/outputs/{token}</c> for a job's output files.</summary>
public sealed class CapabilityUrls(CapabilityTokens tokens, IOptions<GatewayOptions> options, TimeProvider time)
{
    public const string RoutePrefix = "/outputs/";

    private readonly string _base = options.Value.CapabilityBaseAddress.TrimEnd('/');
    private readonly TimeSpan _lifetime = options.Value.CapabilityUrlLifetime;

    /// <summary>Returns a fresh URL for the file and when it stops working.</summary>
    public (string Url, DateTimeOffset ExpiresAt) Create(long jobId, OutputFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        // Whole seconds: the token stores Unix seconds, and the reported expiry must match it.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((time.GetUtcNow() + _lifetime).ToUnixTimeSeconds());
        var token = tokens.Sign(new CapabilityClaim(jobId, file.Sha256, file.Path, file.ContentType, expiresAt));
        return ($"{_base}{RoutePrefix}{token}", expiresAt);
    }
}
