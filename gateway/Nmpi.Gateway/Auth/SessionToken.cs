using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Nmpi.GrainInterfaces.Accounts;

namespace Nmpi.Gateway.Auth;

/// <summary>
/// The gateway's own bearer tokens: compact JWTs signed with HS256 under a key id (kid), carrying the user (sub),
/// issue and expiry times. Only HS256 is accepted, so unsigned ("alg": "none") and re-signed tokens fail.
/// </summary>
public static class SessionToken
{
    /// <summary>The iss claim of every session token.</summary>
    public const string Issuer = "nmpi";

    private const string Algorithm = "HS256";

    /// <summary>True when the bearer has the shape of a JWT (three base64url parts, the first a JSON object), not of an access token.</summary>
    public static bool LooksLikeJwt(string bearer)
    {
        ArgumentNullException.ThrowIfNull(bearer);
        return bearer.StartsWith("eyJ", StringComparison.Ordinal) && bearer.Count(c => c == '.') == 2;
    }

    /// <summary>Signs a token for the user with the key, valid from issuedAt for the lifetime; auth_time is the original sign-in (default: issuedAt).</summary>
    public static string Issue(SigningKey key, string userId, DateTimeOffset issuedAt, TimeSpan lifetime, DateTimeOffset? authTime = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = Algorithm, ["typ"] = "JWT", ["kid"] = key.KeyId });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = userId,
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = (issuedAt + lifetime).ToUnixTimeSeconds(),
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            ["auth_time"] = (authTime ?? issuedAt).ToUnixTimeSeconds(),
        });
        var signed = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        return signed + "." + Base64Url.EncodeToString(Sign(key.Secret, signed));
    }

    /// <summary>Checks signature, algorithm, issuer and expiry against the keys; on success gives the user id and expiry.</summary>
    public static SessionTokenCheck Check(string token, IReadOnlyList<SigningKey> keys, DateTimeOffset now, out string userId, out DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(keys);
        userId = "";
        expiresAt = default;
        var parts = token.Split('.');
        if (parts.Length != 3 || !TryJson(parts[0], out var header) || !TryJson(parts[1], out var payload) || !TryDecode(parts[2], out var signature))
        {
            return SessionTokenCheck.Malformed;
        }

        using (header)
        using (payload)
        {
            if (Text(header, "alg") != Algorithm)
            {
                return SessionTokenCheck.WrongAlgorithm;
            }

            var key = keys.FirstOrDefault(k => string.Equals(k.KeyId, Text(header, "kid"), StringComparison.Ordinal));
            if (key is null)
            {
                return SessionTokenCheck.UnknownKey;
            }

            if (!CryptographicOperations.FixedTimeEquals(Sign(key.Secret, parts[0] + "." + parts[1]), signature))
            {
                return SessionTokenCheck.BadSignature;
            }

            var root = payload.RootElement;
            if (Text(payload, "iss") != Issuer || Text(payload, "sub") is not { Length: > 0 } sub
                || !root.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expSeconds))
            {
                return SessionTokenCheck.Malformed;
            }

            expiresAt = DateTimeOffset.FromUnixTimeSeconds(expSeconds);
            if (expiresAt <= now)
            {
                return SessionTokenCheck.Expired;
            }

            userId = sub;
            return SessionTokenCheck.Valid;
        }
    }

    /// <summary>
    /// The original sign-in time a session token carries (auth_time; iat for tokens issued before it was carried), or null
    /// when unreadable. Read only from a token whose signature was checked.
    /// </summary>
    public static DateTimeOffset? AuthTime(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        if (parts.Length != 3 || !TryJson(parts[1], out var payload))
        {
            return null;
        }

        using (payload)
        {
            foreach (var name in (string[])["auth_time", "iat"])
            {
                if (payload.RootElement.TryGetProperty(name, out var value) && value.TryGetInt64(out var seconds))
                {
                    return DateTimeOffset.FromUnixTimeSeconds(seconds);
                }
            }

            return null;
        }
    }

    private static byte[] Sign(byte[] secret, string signed) => HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signed));

    private static string? Text(JsonDocument document, string name) =>
        document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryDecode(string part, out byte[] bytes)
    {
        bytes = [];
        if (part.Length == 0 || !Base64Url.IsValid(part))
        {
            return false;
        }

        bytes = Base64Url.DecodeFromChars(part);
        return true;
    }

    private static bool TryJson(string part, out JsonDocument document)
    {
        document = null!;
        if (!TryDecode(part, out var bytes))
        {
            return false;
        }

        try
        {
            document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return true;
            }

            document.Dispose();
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
