namespace Nmpi.Gateway.Auth;

/// <summary>Users and adapter keys, bound from <c>Nmpi:Auth</c> until an accounts service exists.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Nmpi:Auth";

    public List<UserCredential> Users { get; set; } = [];
    public List<AdapterKeyCredential> AdapterKeys { get; set; } = [];
}
