namespace Nmpi.GrainInterfaces.Quotas;

/// <summary>Thrown when a quota or request operation, or a submit's admission, is refused; it changed nothing.</summary>
[GenerateSerializer, Alias("nmpi.QuotaRejectedException")]
public sealed class QuotaRejectedException : Exception
{
    public QuotaRejectedException(QuotaRejection rejection, string message, string? field = null, QuotaShortfall? shortfall = null)
        : base(message)
    {
        Rejection = rejection;
        Field = field;
        Shortfall = shortfall;
    }

    [Id(0)] public QuotaRejection Rejection { get; private set; }

    /// <summary>The request field at fault, when one is.</summary>
    [Id(1)] public string? Field { get; private set; }

    /// <summary>For Exhausted: the quota as it stood.</summary>
    [Id(2)] public QuotaShortfall? Shortfall { get; private set; }
}
