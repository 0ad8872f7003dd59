using System.Buffers.Binary;
using System.Buffers.Text;

namespace Nmpi.Gateway.Jobs;

/// <summary>The opaque ListJobs page token: a versioned, base64url-encoded "list ids below this one".</summary>
public static class PageToken
{
    // A version byte lets the token format change without misreading tokens clients still hold.
    private const byte Version = 1;

    /// <summary>Encodes the id the next page starts below.</summary>
    public static string Encode(long beforeId)
    {
        Span<byte> bytes = stackalloc byte[9];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], beforeId);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Decodes a token; false for anything this gateway did not produce.</summary>
    public static bool TryDecode(string token, out long beforeId)
    {
        beforeId = 0;
        Span<byte> bytes = stackalloc byte[16];
        // TryDecodeFromChars throws on characters outside the alphabet, so check them first.
        if (token.Length != 12 || !Base64Url.IsValid(token) || !Base64Url.TryDecodeFromChars(token, bytes, out var written) || written != 9 || bytes[0] != Version)
        {
            return false;
        }

        beforeId = BinaryPrimitives.ReadInt64BigEndian(bytes[1..9]);
        return beforeId > 0;
    }
}
