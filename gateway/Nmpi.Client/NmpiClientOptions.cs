namespace Nmpi.Client;

/// <summary>Where the platform is and who is calling.</summary>
public sealed class NmpiClientOptions
{
    /// <summary>The gateway's gRPC address, e.g. http://127.0.0.1:5080 or https://nmpi.example.org:5443 (or use Addresses).</summary>
    public Uri? Address { get; init; }

    /// <summary>
    /// Several gateways of one platform, tried in order: when the one in use cannot be reached, calls that are safe to
    /// repeat move to the next (see <see cref="GatewayChannel"/>). Set this or Address, not both.
    /// </summary>
    public IReadOnlyList<Uri> Addresses { get; init; } = [];

    /// <summary>The HTTP handler calls go through, e.g. one that trusts a private CA (null: the system's trust store). The caller disposes it.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>The caller's bearer token.</summary>
    public required string Token { get; init; }

    /// <summary>The caller's user name, when known (used for defaults such as the private collab).</summary>
    public string? Username { get; init; }

    /// <summary>How long one unary call may take before it fails with DeadlineExceeded.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts of a call that failed because the platform was unreachable (1 = no retry).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The gateways to use: Addresses, or Address as a list of one; a clear ArgumentException when they cannot be used.</summary>
    public IReadOnlyList<Uri> Gateways()
    {
        if (Address is not null && Addresses.Count > 0)
        {
            throw new ArgumentException("Set NmpiClientOptions.Address or NmpiClientOptions.Addresses, not both.");
        }

        IReadOnlyList<Uri> gateways = Address is null ? Addresses : [Address];
        return GatewayAddresses.Problem(gateways) is { } problem
            ? throw new ArgumentException($"NmpiClientOptions: {problem}.")
            : gateways;
    }
}
