using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Nmpi.Gateway.Accounts;
using Nmpi.Gateway.Collabs;
using Nmpi.Gateway.Jobs;
using Nmpi.Gateway.Quotas;
using Nmpi.JobManager;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.InProcess;

/// <summary>Hands the web pages (<see cref="IPlatformServices"/>) the gateway's own service implementations, run by <see cref="InProcessCalls"/>.</summary>
public sealed class InProcessPlatformServices(ServiceMode.ServiceStatus status) : IPlatformServices
{
    public Task<T> JobsAsync<T>(HttpContext http, string method, Func<Wire.Jobs.JobsBase, ServerCallContext, Task<T>> call) =>
        InProcessCalls.InvokeAsync<JobsService, T>(http, method, call);

    public Task<T> AccountsAsync<T>(HttpContext http, string method, Func<Wire.Accounts.AccountsBase, ServerCallContext, Task<T>> call) =>
        InProcessCalls.InvokeAsync<AccountsService, T>(http, method, call);

    public Task<T> CollabsAsync<T>(HttpContext http, string method, Func<Wire.Collabs.CollabsBase, ServerCallContext, Task<T>> call) =>
        InProcessCalls.InvokeAsync<CollabsService, T>(http, method, call);

    public Task<T> QuotasAsync<T>(HttpContext http, string method, Func<Wire.Quotas.QuotasBase, ServerCallContext, Task<T>> call) =>
        InProcessCalls.InvokeAsync<QuotasService, T>(http, method, call);

    public Task<T> StatisticsAsync<T>(HttpContext http, string method, Func<Wire.Statistics.StatisticsBase, ServerCallContext, Task<T>> call) =>
        InProcessCalls.InvokeAsync<Statistics.StatisticsService, T>(http, method, call);

    public Task<ServiceNotice> NoticeAsync(CancellationToken cancellationToken) => status.CurrentAsync(cancellationToken);
}
