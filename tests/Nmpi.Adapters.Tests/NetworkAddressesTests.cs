using System.Net;
using Nmpi.Api.Network;

namespace Nmpi.Adapters.Tests;

/// <summary>
/// Which addresses count as a site's own network: the one table for the adapter's job URLs (SiteNetworkGuard) and the
/// gateway's output fetching (OutputSourcePolicy), which both ask NetworkAddresses.
/// </summary>
public sealed class NetworkAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("127.8.9.10")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("2001:0:4136:e378::1")]
    [InlineData("2001:db8::1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:c0a8:101::1")]
    public void IsInternal_ForLoopbackPrivateLinkLocalAndReservedAddresses(string address) =>
        Assert.True(NetworkAddresses.IsInternal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("140.82.121.3")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("193.174.0.1")]
    [InlineData("2a00:1450:4001::200e")]
    [InlineData("::ffff:8.8.4.4")]
    [InlineData("64:ff9b::808:808")]
    public void IsInternal_IsFalseForPublicAddresses(string address) =>
        Assert.False(NetworkAddresses.IsInternal(IPAddress.Parse(address)));
}
