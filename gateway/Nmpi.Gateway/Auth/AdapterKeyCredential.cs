namespace Nmpi.Gateway.Auth;

/// <summary>A configured provider API key: the site it belongs to and the platforms its adapters may serve.</summary>
public sealed class AdapterKeyCredential
{
    public string Key { get; set; } = "";
    public string Site { get; set; } = "";
    public List<string> Platforms { get; set; } = [];
}
