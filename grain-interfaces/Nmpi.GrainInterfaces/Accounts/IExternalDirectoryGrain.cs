namespace Nmpi.GrainInterfaces.Accounts;

/// <summary>
/// The namespace of one external OpenID Connect issuer, keyed by its <c>iss</c>: maps the issuer's subjects to local user ids
/// that can never be local accounts, and says which collab ids the issuer's team claims may grant roles in.
/// </summary>
[Alias("nmpi.IExternalDirectoryGrain")]
public interface IExternalDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Returns the user id of the issuer's subject, made at first sight from the prefix and the username (with a suffix if taken).</summary>
    [Alias("ResolveUser")]
    Task<string> ResolveUserAsync(string subject, string username, string userIdPrefix);

    /// <summary>True when the issuer's teams may grant roles in the collab: it was first named by this issuer, or an administrator linked it.</summary>
    [Alias("AdmitCollab")]
    Task<bool> AdmitCollabAsync(string collabId, string seenBy);
}
