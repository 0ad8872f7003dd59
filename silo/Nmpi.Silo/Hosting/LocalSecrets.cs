using System.Security.Cryptography;
using System.Text.Json;

namespace Nmpi.Silo.Hosting;

/// <summary>The credentials of a local platform, made once and kept in its data directory.</summary>
/// <remarks>
/// The password (for the Job Manager's sign-in and `nmpi login`) and the PostgreSQL password came later: an older
/// file gets them added.
/// </remarks>
public sealed record LocalSecrets(string UserToken, string AdapterKey, string SigningKey, string? Password = null, string? DatabasePassword = null)
{
    /// <summary>Reads the secrets file of the data directory, creating it on the first start.</summary>
    public static LocalSecrets LoadOrCreate(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (File.Exists(path))
        {
            var kept = JsonSerializer.Deserialize<LocalSecrets>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"{path} is empty; delete it to make new credentials.");
            if (kept is { Password: not null, DatabasePassword: not null })
            {
                return kept;
            }

            kept = kept with { Password = kept.Password ?? Token(), DatabasePassword = kept.DatabasePassword ?? Token() };
            Write(path, kept);
            return kept;
        }

        var secrets = new LocalSecrets(
            Token(),
            Token(),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            Token(),
            Token());
        Directory.CreateDirectory(dataDirectory);
        Write(path, secrets);
        return secrets;
    }

    /// <summary>The secrets file (mode 0600) of a data directory.</summary>
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "local-secrets.json");

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
