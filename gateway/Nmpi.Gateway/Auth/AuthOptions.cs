namespace Nmpi.Gateway.Auth;

/// <summary>Users (a seed the silo upserts into the accounts tables) and adapter keys, bound from <c>Nmpi:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Nmpi:Auth";

    public List<UserCredential> Users { get; set; } = [];
    public List<AdapterKeyCredential> AdapterKeys { get; set; } = [];
}
