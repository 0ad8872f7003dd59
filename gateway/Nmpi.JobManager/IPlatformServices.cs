using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Nmpi.Api.V1;

namespace Nmpi.JobManager;

/// <summary>
/// The platform's gRPC service implementations as the pages call them: in-process, for the current HTTP request, with
/// the signed-in user's token, so the pages obey exactly the rules (auth, tenancy, validation, quotas) of the gRPC API.
/// </summary>
/// <remarks>The gateway implements this; every failure arrives as the <see cref="RpcException"/> a gRPC caller would get.</remarks>
public interface IPlatformServices
{
    /// <summary>Runs <paramref name="call"/> on the Jobs service; <paramref name="method"/> is the gRPC method path.</summary>
    Task<T> JobsAsync<T>(HttpContext http, string method, Func<Jobs.JobsBase, ServerCallContext, Task<T>> call);

    /// <summary>Runs <paramref name="call"/> on the Accounts service.</summary>
    Task<T> AccountsAsync<T>(HttpContext http, string method, Func<Accounts.AccountsBase, ServerCallContext, Task<T>> call);

    /// <summary>Runs <paramref name="call"/> on the Collabs service.</summary>
    Task<T> CollabsAsync<T>(HttpContext http, string method, Func<Collabs.CollabsBase, ServerCallContext, Task<T>> call);

    /// <summary>Runs <paramref name="call"/> on the Quotas service.</summary>
    Task<T> QuotasAsync<T>(HttpContext http, string method, Func<Quotas.QuotasBase, ServerCallContext, Task<T>> call);

    /// <summary>Runs <paramref name="call"/> on the Statistics service (public aggregates).</summary>
    Task<T> StatisticsAsync<T>(HttpContext http, string method, Func<Statistics.StatisticsBase, ServerCallContext, Task<T>> call);

    /// <summary>What the banner on every page says (read-only, degraded); never fails, as every page shows it.</summary>
    Task<ServiceNotice> NoticeAsync(CancellationToken cancellationToken);
}
