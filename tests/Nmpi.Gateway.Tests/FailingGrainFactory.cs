using System.Reflection;

namespace Nmpi.Gateway.Tests;

/// <summary>
/// A stand-in for the cluster: these tests check the gateway's own behaviour (auth, validation, error mapping,
/// capability URLs), and the lead's end-to-end tests run the real cluster. Every grain lookup throws <see cref="Failure"/>.
/// </summary>
public class FailingGrainFactory : DispatchProxy
{
    /// <summary>What the next grain lookup throws.</summary>
    public static Exception Failure { get; set; } = new InvalidOperationException("cluster not part of this test");

    public static IGrainFactory Create() => DispatchProxy.Create<IGrainFactory, FailingGrainFactory>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => throw Failure;
}
