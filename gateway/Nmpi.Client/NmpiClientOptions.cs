namespace Nmpi.Client;

/// <summary>Where the platform is and who is calling.</summary>
public sealed class NmpiClientOptions
{
    /// <summary>The gateway's gRPC address, e.g. http://127.0.0.1:5080 or https://nmpi.example.org:5443.</summary>
    public required Uri Address { get; init; }

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
}
