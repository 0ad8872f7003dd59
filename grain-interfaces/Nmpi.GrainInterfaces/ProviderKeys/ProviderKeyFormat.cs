using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Nmpi.GrainInterfaces.ProviderKeys;

/// <summary>
/// The text of provider API keys: generated keys read <c>nmpk_&lt;key id&gt;_&lt;secret&gt;</c>, so the key id is in the key
/// and no table scan is needed; a key of any other text (listed in configuration) gets an id derived from a hash of it.
/// </summary>
public static class ProviderKeyFormat
{
    /// <summary>The start of every generated key.</summary>
    public const string Prefix = "nmpk_";

    /// <summary>The longest key text looked at; anything longer is refused unread.</summary>
    public const int MaxKeyLength = 256;

    private const string ConfiguredIdPrefix = "cfg-";
    private const int IdHexLength = 16;
    private const int ConfiguredIdHexLength = 20;
    private const int SecretBytes = 32;
    private const int SecretLength = 43;
    private const int GeneratedLength = 5 + IdHexLength + 1 + SecretLength;

    // Domain-separates the id of a configured key from its stored hash, so the listed id reveals nothing of that hash.
    private static readonly byte[] IdContext = "nmpi provider key id\n"u8.ToArray();

    private static readonly SearchValues<char> Base64UrlChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static readonly SearchValues<char> LowerHexChars = SearchValues.Create("0123456789abcdef");

    /// <summary>Makes a new key: its id and its text, 256 bits of secret from the system's cryptographic generator.</summary>
    public static (string KeyId, string Text) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdHexLength / 2));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (id, $"{Prefix}{id}_{secret}");
    }

    /// <summary>True when the text has the exact shape of a generated key.</summary>
    public static bool IsGenerated(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != GeneratedLength || !text.StartsWith(Prefix, StringComparison.Ordinal) || text[Prefix.Length + IdHexLength] != '_')
        {
            return false;
        }

        return IsLowerHex(text.AsSpan(Prefix.Length, IdHexLength)) && !text.AsSpan(GeneratedLength - SecretLength).ContainsAnyExcept(Base64UrlChars);
    }

    /// <summary>The key id of any key text: the id inside a generated key, else one derived from a hash of the text.</summary>
    public static string IdOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsGenerated(text))
        {
            return text.Substring(Prefix.Length, IdHexLength);
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        var input = new byte[IdContext.Length + bytes.Length];
        IdContext.CopyTo(input, 0);
        bytes.CopyTo(input, IdContext.Length);
        return ConfiguredIdPrefix + Convert.ToHexStringLower(SHA256.HashData(input))[..ConfiguredIdHexLength];
    }

    /// <summary>True when the text can be a key id (of a generated or a configured key).</summary>
    public static bool IsKeyId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.Length == IdHexLength
            ? IsLowerHex(id)
            : id.Length == ConfiguredIdPrefix.Length + ConfiguredIdHexLength && id.StartsWith(ConfiguredIdPrefix, StringComparison.Ordinal)
                && IsLowerHex(id.AsSpan(ConfiguredIdPrefix.Length));
    }

    /// <summary>The SHA-256 of the key's UTF-8 text: what the table stores and what keys are compared by.</summary>
    public static byte[] Hash(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SHA256.HashData(Encoding.UTF8.GetBytes(text));
    }

    private static bool IsLowerHex(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(LowerHexChars);
}
