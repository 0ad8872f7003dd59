using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Nmpi.Gateway.Outputs;

/// <summary>Signs and checks capability tokens: base64url(claim) with an HMAC-SHA256 over it.</summary>
public sealed class CapabilityTokens
{
    // Layout: version(1) jobId(8) expiryUnixSeconds(8) sha256(32) contentTypeLength(1) contentType pathUtf8, then the MAC(32).
    private const byte Version = 1;
    private const int FixedLength = 1 + 8 + 8 + 32 + 1;
    private const int MacLength = 32;
    private const int MaxTokenLength = 8192;

    private readonly byte[] _key;

    /// <summary>Creates the signer; the key must be at least 32 bytes.</summary>
    public CapabilityTokens(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new ArgumentException("The signing key must be at least 32 bytes.", nameof(key));
        }

        _key = key;
    }

    /// <summary>Returns the token for a claim.</summary>
    public string Sign(CapabilityClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var contentType = Encoding.UTF8.GetBytes(claim.ContentType);
        var path = Encoding.UTF8.GetBytes(claim.Path);
        if (contentType.Length > byte.MaxValue)
        {
            throw new ArgumentException("The content type is too long for a capability token.", nameof(claim));
        }

        var bytes = new byte[FixedLength + contentType.Length + path.Length + MacLength];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), claim.JobId);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(9), claim.ExpiresAt.ToUnixTimeSeconds());
        Convert.FromHexString(claim.Sha256).CopyTo(bytes.AsSpan(17, 32));
        bytes[49] = (byte)contentType.Length;
        contentType.CopyTo(bytes.AsSpan(FixedLength));
        path.CopyTo(bytes.AsSpan(FixedLength + contentType.Length));
        var payloadLength = bytes.Length - MacLength;
        HMACSHA256.HashData(_key, bytes.AsSpan(0, payloadLength), bytes.AsSpan(payloadLength));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Checks the signature first (so a tampered token is Invalid, never Expired), then the expiry.</summary>
    public CapabilityCheck Verify(string token, DateTimeOffset now, out CapabilityClaim? claim)
    {
        claim = null;
        // Base64Url.TryDecodeFromChars throws on characters outside the alphabet, so check them first.
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength || !Base64Url.IsValid(token))
        {
            return CapabilityCheck.Invalid;
        }

        var bytes = new byte[Base64Url.GetMaxDecodedLength(token.Length)];
        if (!Base64Url.TryDecodeFromChars(token, bytes, out var length) || length < FixedLength + MacLength || bytes[0] != Version)
        {
            return CapabilityCheck.Invalid;
        }

        var payloadLength = length - MacLength;
        Span<byte> expected = stackalloc byte[MacLength];
        HMACSHA256.HashData(_key, bytes.AsSpan(0, payloadLength), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(payloadLength, MacLength)))
        {
            return CapabilityCheck.Invalid;
        }

        var contentTypeLength = bytes[49];
        if (FixedLength + contentTypeLength > payloadLength)
        {
            return CapabilityCheck.Invalid;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(9)));
        claim = new CapabilityClaim(
            BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1)),
            Convert.ToHexStringLower(bytes.AsSpan(17, 32)),
            Encoding.UTF8.GetString(bytes, FixedLength + contentTypeLength, payloadLength - FixedLength - contentTypeLength),
            Encoding.UTF8.GetString(bytes, FixedLength, contentTypeLength),
            expiresAt);
        return now >= expiresAt ? CapabilityCheck.Expired : CapabilityCheck.Valid;
    }
}
