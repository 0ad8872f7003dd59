using System.Runtime.CompilerServices;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;
using Nmpi.Api.V1;

namespace Nmpi.Client;

/// <summary>
/// A connection to the platform as one user: submit jobs, list and follow them, fetch their results.
/// Failed calls throw <see cref="NmpiException"/>; calls the platform could not be reached for are retried,
/// and a submit always carries a request id, so a retry never submits twice.
/// </summary>
public sealed partial class NmpiClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly NmpiClientOptions _options;

    public NmpiClient(NmpiClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _token = options.Token;
        _channel = GatewayChannel.Create(options.Gateways(), new GrpcChannelOptions
        {
            ServiceConfig = new ServiceConfig { MethodConfigs = { RetryIdempotentCalls(options.MaxAttempts) } },
            MaxReceiveMessageSize = 16 * 1024 * 1024,
            HttpHandler = options.HttpHandler,
        });
        var invoker = _channel.Intercept(headers =>
        {
            headers.Add("authorization", $"Bearer {_token}");
            return headers;
        });
        Jobs = new Jobs.JobsClient(invoker);
        Quotas = new Quotas.QuotasClient(invoker);
        Accounts = new Accounts.AccountsClient(invoker);
        Collabs = new Collabs.CollabsClient(invoker);
    }

    /// <summary>The generated gRPC client, for calls this library does not wrap.</summary>
    public Jobs.JobsClient Jobs { get; }

    /// <summary>The user name the client was created with, if any.</summary>
    public string? Username => _options.Username;

    /// <summary>Submits a job and returns a handle to it.</summary>
    public async Task<JobHandle> SubmitAsync(JobSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.Source is FolderJobSource folder)
        {
            var upload = await UploadFolderAsync(folder.Path, submission.Collab, cancellationToken: cancellationToken);
            submission = submission with { Source = JobSource.Bundle(upload.BundleId) };
        }

        var request = submission.ToRequest(submission.RequestId ?? $"nmpi-client-{Guid.NewGuid():N}");
        var job = await CallAsync(() => Jobs.SubmitJobAsync(request, Options(cancellationToken)).ResponseAsync);
        return new JobHandle(this, job.Id, job);
    }

    /// <summary>A handle to a job known by its id (nothing is fetched until the handle is used).</summary>
    public JobHandle GetHandle(long id) => new(this, id, null);

    /// <summary>Fetches a job, with its log when asked.</summary>
    public Task<Job> GetJobAsync(long id, bool withLog = false, CancellationToken cancellationToken = default) =>
        CallAsync(() => Jobs.GetJobAsync(new GetJobRequest { Id = id, IncludeLog = withLog }, Options(cancellationToken)).ResponseAsync);

    /// <summary>The job's current status.</summary>
    public async Task<JobStatus> JobStatusAsync(long id, CancellationToken cancellationToken = default) =>
        (await GetJobAsync(id, false, cancellationToken)).Status;

    /// <summary>One page of jobs, newest first.</summary>
    public async Task<JobPage> ListJobsPageAsync(JobQuery? query = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        var request = (query ?? new JobQuery()).ToRequest(pageToken);
        var response = await CallAsync(() => Jobs.ListJobsAsync(request, Options(cancellationToken)).ResponseAsync);
        return new JobPage(response.Jobs, string.IsNullOrEmpty(response.NextPageToken) ? null : response.NextPageToken, response.TotalCount, response.TotalCountCapped);
    }

    /// <summary>Every job matching the query, newest first, fetched page by page as it is enumerated.</summary>
    public async IAsyncEnumerable<Job> ListJobsAsync(JobQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await ListJobsPageAsync(query, token, cancellationToken);
            foreach (var job in page.Jobs)
            {
                yield return job;
            }

            token = page.NextPageToken;
        }
        while (token is not null);
    }

    public void Dispose() => _channel.Dispose();

    internal CallOptions Options(CancellationToken cancellationToken) =>
        new(deadline: DateTime.UtcNow + _options.CallTimeout, cancellationToken: cancellationToken);

    internal int MaxAttempts => _options.MaxAttempts;

    internal static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            throw NmpiException.From(e);
        }
    }

    // Retried on Unavailable only, and only where a repeat is harmless: reads, and writes that carry a request id
    // (SubmitJob) or set a state (cancel, delete, tags, a comment's text). AddComment is left out: a repeat would comment
    // twice; so is DeleteComment: a repeat after a lost answer would report the deleted comment as missing.
    private static MethodConfig RetryIdempotentCalls(int maxAttempts)
    {
        var config = new MethodConfig
        {
            RetryPolicy = maxAttempts > 1
                ? new RetryPolicy
                {
                    MaxAttempts = Math.Min(maxAttempts, 5),
                    InitialBackoff = TimeSpan.FromMilliseconds(500),
                    MaxBackoff = TimeSpan.FromSeconds(5),
                    BackoffMultiplier = 2,
                    RetryableStatusCodes = { StatusCode.Unavailable },
                }
                : null,
        };
        foreach (var method in new[] { "SubmitJob", "GetJob", "ListJobs", "GetJobLog", "CancelJob", "DeleteJob", "UpdateTags", "UpdateComment", "DownloadOutput", "WatchJob", "FollowJobLog", "FindMissingBlobs", "CreateCodeBundle", "GetCodeBundle" })
        {
            config.Names.Add(new MethodName { Service = "nmpi.v1.Jobs", Method = method });
        }

        // Reads of collabs; their writes are not retried (a repeated create or remove would answer as if it had failed).
        foreach (var method in new[] { "ListMyCollabs", "GetCollab" })
        {
            config.Names.Add(new MethodName { Service = "nmpi.v1.Collabs", Method = method });
        }

        return config;
    }
}
