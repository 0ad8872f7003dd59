namespace Nmpi.Grains.Notifications;

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum MailSecurity
{
    /// <summary>Implicit TLS on port 465, otherwise STARTTLS when the server offers it.</summary>
    Auto = 0,

    /// <summary>Plain text (a relay on the same machine or a test server).</summary>
    None = 1,

    /// <summary>STARTTLS, refusing a server that does not offer it.</summary>
    StartTls = 2,

    /// <summary>STARTTLS when the server offers it, plain text otherwise.</summary>
    StartTlsWhenAvailable = 3,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    SslOnConnect = 4,
}
