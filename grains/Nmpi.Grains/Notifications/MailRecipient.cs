namespace Nmpi.Grains.Notifications;

/// <summary>A user with a known e-mail address, as the accounts table has them.</summary>
public sealed record MailRecipient(string UserId, string Email, string? DisplayName)
{
    /// <summary>The name to greet the user by.</summary>
    public string Greeting => string.IsNullOrWhiteSpace(DisplayName) ? UserId : DisplayName;
}
