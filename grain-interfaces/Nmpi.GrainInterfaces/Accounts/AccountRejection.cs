namespace Nmpi.GrainInterfaces.Accounts;

/// <summary>Why an account or collab operation was refused.</summary>
[GenerateSerializer, Alias("nmpi.AccountRejection")]
public enum AccountRejection
{
    UserExists = 1,
    UserNotFound = 2,
    CollabExists = 3,
    CollabNotFound = 4,
    LastAdministrator = 5,
    PrivateCollab = 6,
    NoEmail = 7,
    EmailVerified = 8,
    WrongVerificationCode = 9,
    MailOff = 10,
}
