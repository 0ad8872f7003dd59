using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Nmpi.Api.V1;

namespace Nmpi.Chaos.Load;

/// <summary>A client that knows every gateway: each call goes to one, and a failed call is tried again on the next.</summary>
public sealed class GatewayClients : IDisposable
{
    private readonly List<GrpcChannel> _channels;
    private readonly List<Jobs.JobsClient> _jobs;

    /// <summary>Opens a channel to each gateway, sending the user's bearer token.</summary>
    public GatewayClients(IReadOnlyList<string> urls, string token)
    {
        ArgumentNullException.ThrowIfNull(urls);
        _channels = [.. urls.Select(u => GrpcChannel.ForAddress(u))];
        _jobs = [.. _channels.Select(c => new Jobs.JobsClient(c.Intercept(headers =>
        {
            headers.Add("authorization", $"Bearer {token}");
            return headers;
        })))];
    }

    /// <summary>How many gateways there are.</summary>
    public int Count => _jobs.Count;

    /// <summary>The Jobs client of one gateway.</summary>
    public Jobs.JobsClient Jobs(int gateway) => _jobs[gateway % _jobs.Count];

    /// <summary>
    /// Submits until a gateway acknowledges, starting with <paramref name="first"/> and moving to the next gateway after
    /// each failure; every attempt carries the same request id. Returns the job, or null when <paramref name="giveUpAt"/> passed.
    /// </summary>
    public async Task<(Job? Job, int FailedAttempts)> SubmitAsync(SubmitJobRequest request, int first, TimeSpan attemptDeadline, DateTimeOffset giveUpAt, CancellationToken cancellationToken)
    {
        var failed = 0;
        for (var gateway = first; DateTimeOffset.UtcNow < giveUpAt; gateway++)
        {
            try
            {
                var job = await Jobs(gateway).SubmitJobAsync(request, deadline: DateTime.UtcNow + attemptDeadline, cancellationToken: cancellationToken);
                return (job, failed);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.Aborted or StatusCode.ResourceExhausted)
            {
                failed++;
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }

        return (null, failed);
    }

    /// <summary>Closes the channels.</summary>
    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
