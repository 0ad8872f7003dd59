namespace Nmpi.Cluster.Tests.Tenancy;

/// <summary>One RPC called by someone who must not reach the thing it names; Run throws when the call gets through.</summary>
public sealed record CrossTenantCase(string Method, string Name, Func<CrossTenantWorld, Task> Run);
