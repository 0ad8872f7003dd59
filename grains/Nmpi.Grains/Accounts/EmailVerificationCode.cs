using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Nmpi.Grains.Accounts;

/// <summary>The codes that prove a user reads mail at an address: 192 random bits, stored only as their SHA-256.</summary>
public static class EmailVerificationCode
{
    /// <summary>A new code: 32 URL-safe characters, unguessable.</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));

    /// <summary>The hash stored for a code; surrounding blanks (a copy and paste) are ignored.</summary>
    public static byte[] Hash(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim()));
    }
}
