using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Client;

namespace Nmpi.Cli.Results;

/// <summary>Calls the client library does not wrap, made through its generated client with its error mapping.</summary>
public static class NmpiClientCalls
{
    /// <summary>One page of a job's log from a chunk on.</summary>
    public static async Task<JobLog> GetLogAsync(NmpiClient client, long id, long fromSeq, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            return await client.Jobs.GetJobLogAsync(new GetJobLogRequest { Id = id, FromSeq = fromSeq }, deadline: DateTime.UtcNow.AddMinutes(1), cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            throw NmpiException.From(e);
        }
    }
}
