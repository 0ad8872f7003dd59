using System.Text.Json;
using Nmpi.Gateway.Auth.Oidc;

namespace Nmpi.Gateway.Tests.Oidc;

public sealed class ClaimPathTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void NestedPath_ReadsTheArrayInside() =>
        Assert.Equal(["a", "b"], ClaimPath.Strings(Json("""{"roles":{"team":["a","b"],"group":["c"]}}"""), "roles.team"));

    [Fact]
    public void FlatArrayClaim_IsRead() =>
        Assert.Equal(["collab-x-editor"], ClaimPath.Strings(Json("""{"groups":["collab-x-editor"]}"""), "groups"));

    [Fact]
    public void ClaimNamedWithADot_WinsOverTheNestedPath() =>
        Assert.Equal(["flat"], ClaimPath.Strings(Json("""{"roles.team":["flat"],"roles":{"team":["nested"]}}"""), "roles.team"));

    [Fact]
    public void DeeperPath_IsWalked() =>
        Assert.Equal(["nmpi-admin"], ClaimPath.Strings(Json("""{"resource_access":{"nmpi":{"roles":["nmpi-admin"]}}}"""), "resource_access.nmpi.roles"));

    [Fact]
    public void SingleString_IsOneValue() =>
        Assert.Equal(["only"], ClaimPath.Strings(Json("""{"team":"only"}"""), "team"));

    [Fact]
    public void NonStringElements_AreSkipped() =>
        Assert.Equal(["a"], ClaimPath.Strings(Json("""{"team":[1,"a",null,{"b":"c"},["d"],true]}"""), "team"));

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"roles":null}""")]
    [InlineData("""{"roles":"collab-x-editor"}""")]
    [InlineData("""{"roles":["collab-x-editor"]}""")]
    [InlineData("""{"roles":{"team":{"a":"b"}}}""")]
    [InlineData("""{"roles":{"team":42}}""")]
    [InlineData("""["not","an","object"]""")]
    public void AbsentOrOtherShape_GivesNothing(string payload) => Assert.Empty(ClaimPath.Strings(Json(payload), "roles.team"));

    [Theory]
    [InlineData("""{"preferred_username":"alice"}""", "alice")]
    [InlineData("""{"preferred_username":""}""", null)]
    [InlineData("""{"preferred_username":7}""", null)]
    [InlineData("""{"preferred_username":["alice"]}""", null)]
    [InlineData("""{}""", null)]
    public void String_OnlyANonEmptyString(string payload, string? expected) =>
        Assert.Equal(expected, ClaimPath.String(Json(payload), "preferred_username"));
}
