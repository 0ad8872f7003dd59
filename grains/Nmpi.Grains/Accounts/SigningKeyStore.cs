using System.Security.Cryptography;
using Nmpi.GrainInterfaces.Accounts;
using Npgsql;

namespace Nmpi.Grains.Accounts;

/// <summary>The signing keys table: the secrets behind the gateway's bearer tokens.</summary>
public sealed class SigningKeyStore(NpgsqlDataSource db)
{
    private const int SecretBytes = 32;

    /// <summary>Loads the keys not retired, newest first.</summary>
    public async Task<IReadOnlyList<SigningKey>> LoadActiveAsync()
    {
        await using var command = db.CreateCommand(
            "SELECT key_id, secret, created_at FROM nmpi_signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, key_id DESC");
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<SigningKey>();
        while (await reader.ReadAsync())
        {
            keys.Add(new SigningKey(reader.GetString(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return keys;
    }

    /// <summary>Creates and stores a new random key.</summary>
    public async Task<SigningKey> CreateAsync(DateTimeOffset now)
    {
        var key = new SigningKey(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), RandomNumberGenerator.GetBytes(SecretBytes), now);
        await using var command = db.CreateCommand("INSERT INTO nmpi_signing_keys (key_id, secret, created_at) VALUES ($1, $2, $3)");
        command.Parameters.Add(new NpgsqlParameter { Value = key.KeyId });
        command.Parameters.Add(new NpgsqlParameter { Value = key.Secret });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await command.ExecuteNonQueryAsync();
        return key;
    }

    /// <summary>Retires a key.</summary>
    public async Task RetireAsync(string keyId, DateTimeOffset now)
    {
        await using var command = db.CreateCommand("UPDATE nmpi_signing_keys SET retired_at = $2 WHERE key_id = $1 AND retired_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = keyId });
        command.Parameters.Add(new NpgsqlParameter { Value = now });
        await command.ExecuteNonQueryAsync();
    }
}
