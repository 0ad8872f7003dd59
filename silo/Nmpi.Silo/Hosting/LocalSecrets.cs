using System.Security.Cryptography;
using System.Text.Json;

namespace Nmpi.Silo.Hosting;

/// <summary>The credentials of a local platform, made once and kept in its data directory.</summary>
public sealed record LocalSecrets(string UserToken, string AdapterKey, string SigningKey)
{
    /// <summary>Reads the secrets file of the data directory, creating it on the first start.</summary>
    public static LocalSecrets LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "local-secrets.json");
        if (File.Exists(path))
        {
            return JsonSerializer.Deserialize<LocalSecrets>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"{path} is empty; delete it to make new credentials.");
        }

        var secrets = new LocalSecrets(
            Token(),
            Token(),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        Directory.CreateDirectory(dataDirectory);
        File.WriteAllText(path, JsonSerializer.Serialize(secrets));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return secrets;
    }

    private static string Token() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
