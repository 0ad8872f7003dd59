using Google.Protobuf.Reflection;

namespace Nmpi.JobManager;

/// <summary>The gRPC method paths the pages' in-process calls stand for (rate limits and logs read them).</summary>
internal static class Rpc
{
    public static string Jobs(string method) => Path(Api.V1.Jobs.Descriptor, method);

    public static string Accounts(string method) => Path(Api.V1.Accounts.Descriptor, method);

    public static string Collabs(string method) => Path(Api.V1.Collabs.Descriptor, method);

    public static string Quotas(string method) => Path(Api.V1.Quotas.Descriptor, method);

    public static string Statistics(string method) => Path(Api.V1.Statistics.Descriptor, method);

    private static string Path(ServiceDescriptor service, string method) =>
        service.FindMethodByName(method) is { } found
            ? $"/{service.FullName}/{found.Name}"
            : throw new ArgumentException($"{service.FullName} has no method {method}.", nameof(method));
}
