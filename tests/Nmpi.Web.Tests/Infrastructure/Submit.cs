using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Web.Tests.Infrastructure;

/// <summary>Jobs submitted over gRPC (as the CLI would) for pages to show.</summary>
public static class Submit
{
    public static Task<Job> JobAsync(PlatformHost host, string token, string collab, string platform = "Spikey", string script = "print('hello')\n", params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(host);
        var request = new SubmitJobRequest
        {
            RequestId = Guid.NewGuid().ToString("N"),
            Collab = collab,
            HardwarePlatform = platform,
            Code = new JobCode { Inline = script },
        };
        request.Tags.AddRange(tags);
        return host.Jobs(token).SubmitJobAsync(request).ResponseAsync;
    }
}
