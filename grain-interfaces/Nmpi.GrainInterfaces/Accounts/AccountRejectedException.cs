namespace Nmpi.GrainInterfaces.Accounts;

/// <summary>Thrown by account and collab grains when an operation is refused; it changed nothing.</summary>
[GenerateSerializer, Alias("nmpi.AccountRejectedException")]
public sealed class AccountRejectedException : Exception
{
    public AccountRejectedException(AccountRejection rejection, string message)
        : base(message)
    {
        Rejection = rejection;
    }

    [Id(0)] public AccountRejection Rejection { get; private set; }
}
