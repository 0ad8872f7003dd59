using System.Security.Cryptography;
using System.Text.Json;

namespace Nmpi.Silo.Hosting;

/// <summary>The credentials of a local platform, made once and kept in its data directory.</summary>
/// <remarks>The password (for the Job Manager's sign-in and `nmpi login`) came later: an older file gets one added.</remarks>
public sealed record LocalSecrets(string UserToken, string AdapterKey, string SigningKey, string? Password = null)
{
    /// <summary>Reads the secrets file of the data directory, creating it on the first start.</summary>
    public static LocalSecrets LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "local-secrets.json");
        if (File.Exists(path))
        {
            var kept = JsonSerializer.Deserialize<LocalSecrets>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"{path} is empty; delete it to make new credentials.");
            if (kept.Password is not null)
            {
                return kept;
            }

            kept = kept with { Password = Token() };
            Write(path, kept);
            return kept;
        }

        var secrets = new LocalSecrets(
            Token(),
            Token(),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            Token());
        Directory.CreateDirectory(dataDirectory);
        Write(path, secrets);
        return secrets;
    }

    private static void Write(string path, LocalSecrets secrets)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(secrets));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string Token() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
