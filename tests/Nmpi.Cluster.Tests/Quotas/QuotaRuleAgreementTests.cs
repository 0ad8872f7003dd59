using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nmpi.Cluster.Tests.Infrastructure;
using Nmpi.GrainInterfaces.Quotas;
using Nmpi.Grains.Quotas;
using Nmpi.Grains.Storage;
using Nmpi.Grains.Tests.Quotas.RuleTable;
using Npgsql;

namespace Nmpi.Cluster.Tests.Quotas;

/// <summary>
/// The reserve and charge SQL of QuotaStore decide on the submit and charge paths; QuotaRule is the rule written once.
/// These run every row of the rule's table (shared with QuotaRuleTests) through the SQL on PostgreSQL and hold both to it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class QuotaRuleAgreementTests(PostgresFixture postgres)
{
    private const string Platform = "Spikey";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheReserveSql_DecidesEveryRowOfTheAdmissionTable_AsQuotaRuleDoes()
    {
        await using var store = await StoreAsync();
        var problems = new List<string>();
        foreach (var (c, i) in QuotaRuleCases.Admission.Select((c, i) => (c, i)))
        {
            var collab = $"admit-{i}";
            if (c.Quota(Now) is { } quota)
            {
                await store.InsertQuotaAsync(collab, quota);
            }

            var rule = QuotaRule.Admit(c.Quota(Now), c.Estimate, c.TestQuota, Now);
            var admission = store.Quotas.Admission(collab, Platform, "dave", $"request-{i}", c.Estimate, c.TestQuota);
            await store.Committer.WriteAsync(new StoreWrite([.. admission.Statements]) { QuotaRows = [(collab, Platform)] });
            QuotaShortfall? shortfall = null;
            try
            {
                admission.Check();
            }
            catch (QuotaRejectedException refused)
            {
                shortfall = refused.Shortfall;
            }

            var after = await store.QuotaAsync(collab);
            var reservations = (long)(await store.ScalarAsync("SELECT count(*) FROM nmpi_quota_reservations WHERE collab = $1", collab))!;
            var sql = (Admitted: shortfall is null, Reserved: after?.Reserved, Limit: after?.Limit, Reservations: reservations);
            var expected = (c.Admitted, rule.Quota?.Reserved, rule.Quota?.Limit, Reservations: rule.Admitted ? 1L : 0L);
            if (sql != expected || rule.Admitted != c.Admitted || (shortfall is not null && shortfall.Remaining != rule.Remaining))
            {
                problems.Add($"{c.Name}: SQL {sql} remaining {shortfall?.Remaining}, rule {expected} remaining {rule.Remaining}, table admitted {c.Admitted}");
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public async Task TheChargeSql_BooksEveryRowOfTheChargeTable_AsQuotaRuleDoes_AndOnlyOnce()
    {
        await using var store = await StoreAsync();
        var problems = new List<string>();
        foreach (var (c, i) in QuotaRuleCases.Charges.Select((c, i) => (c, i)))
        {
            var collab = $"charge-{i}";
            if (c.Quota() is { } quota)
            {
                await store.InsertQuotaAsync(collab, quota);
            }

            if (c.Reservation > 0)
            {
                await store.ScalarAsync(
                    "INSERT INTO nmpi_quota_reservations (user_id, request_id, collab, platform, amount, created_at) VALUES ('dave', $1, $2, $3, $4, $5)",
                    $"request-{i}", collab, Platform, c.Reservation, Now);
            }

            var rule = QuotaRule.Charge(c.Quota(), c.Reservation, c.Amount);
            var charge = new QuotaCharge(1000 + i, "dave", $"request-{i}", collab, Platform, c.Amount, "hours");
            var first = await store.Quotas.ChargeAsync(charge);
            var again = await store.Quotas.ChargeAsync(charge);

            var after = (await store.QuotaAsync(collab))!.Value;
            var overdraft = (decimal)(await store.ScalarAsync("SELECT sum(overdraft) FROM nmpi_quota_ledger WHERE job_id = $1", charge.JobId))!;
            var sql = (first, again, after.Limit, after.Used, after.Reserved, overdraft);
            var expected = (true, false, rule.Quota.Limit, rule.Quota.Used, rule.Quota.Reserved, rule.Overdraft);
            var table = (true, false, c.Limit ?? 0, c.UsedAfter, c.ReservedAfter, c.Overdraft);
            if (sql != expected || expected != table)
            {
                problems.Add($"{c.Name}: SQL {sql}, rule {expected}, table {table}");
            }
        }

        Assert.Empty(problems);
    }

    private async Task<Store> StoreAsync()
    {
        var db = NpgsqlDataSource.Create(await postgres.CreateMigratedDatabaseAsync("rule"));
        var committer = new GroupCommitter(db, Options.Create(new GroupCommitOptions()), NullLogger<GroupCommitter>.Instance);
        return new Store(db, committer, new QuotaStore(db, committer, new FakeTimeProvider(Now)));
    }

    /// <summary>The real quota store on a fresh database, its clock stopped at <see cref="Now"/>.</summary>
    private sealed record Store(NpgsqlDataSource Db, GroupCommitter Committer, QuotaStore Quotas) : IAsyncDisposable
    {
        public Task InsertQuotaAsync(string collab, QuotaState quota) => ScalarAsync(
            """
            INSERT INTO nmpi_quotas (collab, platform, limit_amount, used, reserved, expires_at, source, granted_by, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, 'admin', 'test', $7, $7)
            """,
            collab, Platform, quota.Limit, quota.Used, quota.Reserved, quota.ExpiresAt, Now);

        public async Task<QuotaState?> QuotaAsync(string collab)
        {
            await using var read = Db.CreateCommand(
                "SELECT limit_amount, used, reserved, expires_at FROM nmpi_quotas WHERE collab = $1 AND platform = $2");
            read.Parameters.Add(new NpgsqlParameter { Value = collab });
            read.Parameters.Add(new NpgsqlParameter { Value = Platform });
            await using var reader = await read.ExecuteReaderAsync();
            return await reader.ReadAsync()
                ? new QuotaState(reader.GetDecimal(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3))
                : null;
        }

        public async Task<object?> ScalarAsync(string sql, params object?[] values)
        {
            await using var command = Db.CreateCommand(sql);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }

            return await command.ExecuteScalarAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Committer.DisposeAsync();
            await Db.DisposeAsync();
        }
    }
}
