using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Nmpi.Gateway.Tests.Oidc;

/// <summary>Writes JWTs by hand (header, payload, signature), so the tests can make tokens no honest library would: unsigned, HS256 with a public key.</summary>
internal static class TokenMint
{
    public static string Rs256(RSA key, string keyId, JsonObject payload) =>
        Sign(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = keyId }, payload,
            data => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static string Hs256(byte[] secret, string keyId, JsonObject payload) =>
        Sign(new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = keyId }, payload, data => HMACSHA256.HashData(secret, data));

    /// <summary>An <c>alg: none</c> token: header and payload, and an empty signature.</summary>
    public static string Unsigned(JsonObject payload) =>
        Sign(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }, payload, _ => []);

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Sign(JsonObject header, JsonObject payload, Func<byte[], byte[]> signer)
    {
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return signingInput + "." + Base64Url(signer(Encoding.ASCII.GetBytes(signingInput)));
    }
}
