using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;
using Npgsql;

namespace Nmpi.Cluster.Tests.Quotas;

/// <summary>
/// The quota tests' platform: the standard PlatformHost plus collab "lab" (dave editor, erin viewer), which has no
/// quota from configuration, so each test gives it exactly what it is about.
/// </summary>
public static class QuotaHost
{
    public const string DaveToken = "token-dave-0123456789";
    public const string ErinToken = "token-erin-0123456789";
    public const string Lab = "lab";

    public static Task<PlatformHost> StartAsync(PostgresFixture postgres, IDictionary<string, string?>? overrides = null)
    {
        var settings = Settings();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return PlatformHost.StartAsync(postgres, settings);
    }

    /// <summary>The lab users, a fast charge sweep, and the overrides for them.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Nmpi:Auth:Users:4:Token"] = DaveToken,
        ["Nmpi:Auth:Users:4:UserId"] = "dave",
        ["Nmpi:Auth:Users:4:Admin"] = "false",
        [$"Nmpi:Auth:Users:4:Collabs:{Lab}"] = "editor",
        ["Nmpi:Auth:Users:5:Token"] = ErinToken,
        ["Nmpi:Auth:Users:5:UserId"] = "erin",
        ["Nmpi:Auth:Users:5:Admin"] = "false",
        [$"Nmpi:Auth:Users:5:Collabs:{Lab}"] = "viewer",
        ["Nmpi:Quotas:SweepInterval"] = "00:00:00.200",
        ["Nmpi:Quotas:SweepGrace"] = "00:00:00",
    };

    /// <summary>A Quotas client that sends the user's bearer token.</summary>
    public static Nmpi.Api.V1.Quotas.QuotasClient Quotas(this PlatformHost host, string token) =>
        new(host.Channel.Intercept(headers =>
        {
            headers.Add("authorization", $"Bearer {token}");
            return headers;
        }));

    /// <summary>The collab's quota on the platform as its viewers see it, or null.</summary>
    public static async Task<Quota?> QuotaAsync(this Nmpi.Api.V1.Quotas.QuotasClient client, string collab, string platform) =>
        (await client.ListQuotasAsync(new ListQuotasRequest { Collab = collab, Platform = platform })).Quotas.SingleOrDefault();

    /// <summary>Sets a quota as the platform administrator.</summary>
    public static Task<Quota> SetAsync(this Nmpi.Api.V1.Quotas.QuotasClient admin, string collab, string platform, double limit, DateTimeOffset? expires = null) =>
        admin.SetQuotaAsync(new SetQuotaRequest
        {
            Collab = collab,
            Platform = platform,
            Limit = limit,
            ExpiresAt = expires is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        }).ResponseAsync;

    /// <summary>Ends a leased job as the adapter would, reporting this usage.</summary>
    public static Task<ReportAck> CompleteAsync(this TestAdapter adapter, LeaseRef lease, double usage, string units, Outcome outcome = Outcome.Finished) =>
        adapter.Client.CompleteJobAsync(new CompleteJobRequest
        {
            Lease = lease,
            AdapterId = adapter.Id,
            Outcome = outcome,
            ResourceUsage = new ResourceUsage { Value = usage, Units = units },
        }).ResponseAsync;

    /// <summary>The ledger rows of a job: (amount, overdraft).</summary>
    public static async Task<IReadOnlyList<(decimal Amount, decimal Overdraft)>> LedgerAsync(this PlatformHost host, long jobId)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT amount, overdraft FROM nmpi_quota_ledger WHERE job_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = jobId });
        var rows = new List<(decimal, decimal)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetDecimal(0), reader.GetDecimal(1)));
        }

        return rows;
    }

    /// <summary>Runs one statement against the platform's database and returns the first column of the first row.</summary>
    public static async Task<object?> ScalarAsync(this PlatformHost host, string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteScalarAsync();
    }

    /// <summary>The google.rpc.ErrorInfo reason of a refusal.</summary>
    public static string? Reason(this RpcException error) => error.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason;

    /// <summary>A request for the lab asking for amounts per platform.</summary>
    public static CreateResourceRequestRequest Request(string title, params (string Platform, double Amount)[] amounts)
    {
        var request = new CreateResourceRequestRequest { Collab = Lab, Title = title, Abstract = "Plasticity in large networks." };
        request.Requested.AddRange(amounts.Select(a => new PlatformAmount { Platform = a.Platform, Amount = a.Amount }));
        return request;
    }
}
