namespace Nmpi.Grains.Quotas;

/// <summary>Reservations, first-job test quotas, start-up grants and the charge sweep (configuration section Nmpi:Quotas).</summary>
public sealed class QuotaOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Nmpi:Quotas";

    /// <summary>What a job reserves at submit, per platform, in the platform's units (e.g. SpiNNaker = 0.5).</summary>
    public Dictionary<string, decimal> Reservation { get; set; } = [];

    /// <summary>What a job reserves on a platform missing from <see cref="Reservation"/>.</summary>
    public decimal DefaultReservation { get; set; } = 0.1m;

    /// <summary>Per platform: the limit of a test quota granted on a collab's first job there (absent or 0: none).</summary>
    public Dictionary<string, decimal> TestQuota { get; set; } = [];

    /// <summary>Quotas granted from configuration at start-up, idempotently.</summary>
    public List<QuotaGrant> Grants { get; set; } = [];

    /// <summary>How often each silo looks for ended jobs whose charge is missing.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Ended jobs left uncharged this long are charged by the sweep (the job grain normally does it at once).</summary>
    public TimeSpan SweepGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Jobs charged per sweep at most.</summary>
    public int SweepBatch { get; set; } = 500;

    /// <summary>What a job of this platform reserves.</summary>
    public decimal ReservationFor(string platform) =>
        Reservation.TryGetValue(platform, out var amount) ? amount : DefaultReservation;

    /// <summary>The test quota granted on a first job on this platform, or 0.</summary>
    public decimal TestQuotaFor(string platform) =>
        TestQuota.TryGetValue(platform, out var amount) && amount > 0 ? amount : 0;
}
