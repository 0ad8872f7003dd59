using System.Net.Sockets;
using Nmpi.Silo.Hosting.Startup;
using Npgsql;

namespace Nmpi.Cluster.Tests.Startup;

/// <summary>Which start-up failures a silo waits out and which stop it at once.</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public void IsTransient_ForAConnectionRefusedWrappedByOrleansAndTheHost_IsTrue()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));
        var wrapped = new AggregateException(new InvalidOperationException("lifecycle stage failed", refused));
        Assert.True(StartupFailure.IsTransient(wrapped));
    }

    [Theory]
    [InlineData("57P01")] // admin_shutdown: the server is stopping
    [InlineData("57P03")] // cannot_connect_now: the server is starting
    [InlineData("08006")] // connection_failure
    [InlineData("53300")] // too_many_connections
    public void IsTransient_ForAServerThatIsStoppingStartingOrFull_IsTrue(string sqlState) =>
        Assert.True(StartupFailure.IsTransient(new PostgresException("m", "FATAL", "FATAL", sqlState)));

    [Theory]
    [InlineData("28P01")] // invalid_password
    [InlineData("3D000")] // invalid_catalog_name: no such database
    [InlineData("42601")] // syntax_error in a migration
    public void IsTransient_ForAWrongPasswordMissingDatabaseOrBrokenMigration_IsFalse(string sqlState) =>
        Assert.False(StartupFailure.IsTransient(new PostgresException("m", "FATAL", "FATAL", sqlState)));

    [Fact]
    public void IsTransient_ForAPeerThatIsUnavailable_IsTrue() =>
        Assert.True(StartupFailure.IsTransient(new Orleans.Runtime.SiloUnavailableException("The target silo became unavailable")));

    [Fact]
    public void IsTransient_ForAJoinWhosePingOfAnActivePeerFailed_IsTrue() =>
        Assert.True(StartupFailure.IsTransient(new AggregateException(
            new Orleans.Runtime.MembershipService.OrleansClusterConnectivityCheckFailedException("Failed to get ping responses from 1 of 2 active silos."))));

    [Fact]
    public void IsTransient_ForBadConfiguration_IsFalse() =>
        Assert.False(StartupFailure.IsTransient(new InvalidOperationException("ConnectionStrings:Nmpi is not set.")));
}
