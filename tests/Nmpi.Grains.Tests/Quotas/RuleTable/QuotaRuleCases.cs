namespace Nmpi.Grains.Tests.Quotas.RuleTable;

/// <summary>
/// The quota rule as a table, shared by the unit tests of QuotaRule (Grains.Tests) and the tests that run the same
/// rows through the reserve and charge SQL against PostgreSQL (Cluster.Tests, QuotaRuleAgreementTests).
/// </summary>
public static class QuotaRuleCases
{
    /// <summary>Admission: boundaries at the limit, zero, expiry, overdraft and the test-quota grant.</summary>
    public static IReadOnlyList<AdmissionCase> Admission { get; } =
    [
        new("plenty left", 10, 0, 0, null, 1, 0, true, 1, 10),
        new("what is left is exactly the estimate", 10, 9, 0, null, 1, 0, true, 1, 1),
        new("reserved jobs leave less than the estimate", 10, 9, 0.5m, null, 1, 0, false, 0.5m, 0.5m),
        new("reservations fill the limit", 10, 0, 10, null, 0.1m, 0, false, 10, 0),
        new("fully used, zero estimate", 10, 10, 0, null, 0, 0, false, 0, 0),
        new("a little left, zero estimate", 10, 9.99m, 0, null, 0, 0, true, 0, 0.01m),
        new("zero limit", 0, 0, 0, null, 0.1m, 0, false, 0, 0),
        new("zero limit, zero estimate", 0, 0, 0, null, 0, 0, false, 0, 0),
        new("overdrawn", 10, 12, 0, null, 0.1m, 0, false, 0, 0),
        new("expired a second ago", 100, 0, 0, -1, 0.1m, 0, false, 0, 0),
        new("expires at this instant", 100, 0, 0, 0, 0.1m, 0, false, 0, 0),
        new("expires in a second", 100, 0, 0, 1, 0.1m, 0, true, 0.1m, 100),
        new("fractions exactly at the limit", 5.2m, 0, 4.7m, null, 0.5m, 0, true, 5.2m, 0.5m),
        new("fractions just over the limit", 5.2m, 0, 4.75m, null, 0.5m, 0, false, 4.75m, 0.45m),
        new("no quota", null, 0, 0, null, 0.1m, 0, false, null, 0),
        new("no quota, a test quota is granted", null, 0, 0, null, 0.1m, 0.3m, true, 0.1m, 0.3m),
        new("no quota, the test quota is smaller than the estimate", null, 0, 0, null, 0.5m, 0.3m, false, 0, 0.3m),
        new("a spent quota gets no test quota", 1, 1, 0, null, 0.1m, 5, false, 0, 0),
        new("an expired quota gets no test quota", 1, 0, 0, -60, 0.1m, 5, false, 0, 0),
    ];

    /// <summary>Charges: within, up to, across and beyond the limit, zero, no quota, no open reservation.</summary>
    public static IReadOnlyList<ChargeCase> Charges { get; } =
    [
        new("within the limit", 10, 0, 1, 1, 4, 4, 0, 0),
        new("up to the limit exactly", 10, 8, 0.5m, 0.5m, 2, 10, 0, 0),
        new("across the limit", 10, 8, 0.5m, 0.5m, 3, 11, 0, 1),
        new("already beyond the limit", 10, 12, 0.1m, 0.1m, 3, 15, 0, 3),
        new("zero charge", 10, 2, 0.1m, 0.1m, 0, 2, 0, 0),
        new("zero charge beyond the limit", 10, 12, 0, 0, 0, 12, 0, 0),
        new("zero limit", 0, 0, 0.1m, 0.1m, 2, 2, 0, 2),
        new("no quota: all of it is overdraft", null, 0, 0, 0, 2, 2, 0, 2),
        new("no open reservation: other jobs' reservations stay", 10, 0, 0.4m, 0, 1, 1, 0.4m, 0),
        new("a reservation larger than reserved leaves 0", 10, 0, 0.05m, 0.1m, 1, 1, 0, 0),
        new("other jobs still hold theirs", 10, 1, 1.5m, 0.5m, 0.25m, 1.25m, 1, 0),
    ];
}
