using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Nmpi.Client;

/// <summary>
/// The token cache in the user's config folder ($XDG_CONFIG_HOME/nmpi, else ~/.config/nmpi): credentials.yml, readable
/// by its owner only (mode 600, folder 700). Shared by the library (<see cref="NmpiClient.FromTokenCache"/>,
/// <see cref="NmpiClient.LoginAsync"/>) and `nmpi login`.
/// </summary>
public sealed class TokenCache
{
    private static readonly IDeserializer Reader = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
    private static readonly ISerializer Writer = new SerializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();

    public TokenCache(string directory)
    {
        Directory = directory;
    }

    /// <summary>The folder that holds credentials.yml.</summary>
    public string Directory { get; }

    /// <summary>The file the tokens are kept in.</summary>
    public string FilePath => Path.Combine(Directory, "credentials.yml");

    /// <summary>The store of the current user, following the XDG base directory convention.</summary>
    public static TokenCache ForCurrentUser()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg) ? xdg : Path.Combine(home, ".config");
        return new TokenCache(Path.Combine(root, "nmpi"));
    }

    /// <summary>The stored tokens (empty when nothing was stored).</summary>
    public CachedTokens Read()
    {
        if (!File.Exists(FilePath))
        {
            return new CachedTokens();
        }

        try
        {
            var file = Reader.Deserialize<CachedTokens?>(File.ReadAllText(FilePath)) ?? new CachedTokens();
            file.Tokens = new Dictionary<string, string>(file.Tokens ?? [], StringComparer.Ordinal);
            return file;
        }
        catch (YamlException e)
        {
            throw new NmpiException($"{FilePath}, line {e.Start.Line}: the token cache is damaged; delete it and sign in again (`nmpi login`).", e);
        }
    }

    /// <summary>Keeps <paramref name="token"/> for <paramref name="server"/> and makes that server the default.</summary>
    public void Store(string server, string token)
    {
        var file = Read();
        file.Tokens[server] = token;
        file.DefaultServer = server;
        Write(file);
    }

    /// <summary>Writes the tokens, replacing the file at once so it is never seen half written or readable by others.</summary>
    public void Write(CachedTokens file)
    {
        if (!OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        else
        {
            System.IO.Directory.CreateDirectory(Directory);
        }

        var temporary = FilePath + $".{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, options))
        {
            writer.Write(Writer.Serialize(file));
        }

        File.Move(temporary, FilePath, overwrite: true);
    }
}
