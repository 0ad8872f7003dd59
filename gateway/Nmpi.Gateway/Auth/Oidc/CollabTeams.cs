using System.Text.RegularExpressions;

namespace Nmpi.Gateway.Auth.Oidc;

/// <summary>Reads collab roles from EBRAINS team names of the form <c>collab-&lt;id&gt;-viewer|editor|administrator</c>.</summary>
public static partial class CollabTeams
{
    private const string PrivatePrefix = "private-";

    // The id may itself contain hyphens: the role is the last segment, the id everything between; \z, as $ would let a trailing newline through.
    [GeneratedRegex(@"^collab-(?<id>[A-Za-z0-9._-]{1,100})-(?<role>viewer|editor|administrator)\z", RegexOptions.CultureInvariant)]
    private static partial Regex TeamPattern();

    /// <summary>Returns each collab's highest role among the teams; entries of any other form, and private collabs, are ignored.</summary>
    public static IReadOnlyDictionary<string, CollabRole> Parse(IEnumerable<string> teams)
    {
        ArgumentNullException.ThrowIfNull(teams);
        var roles = new Dictionary<string, CollabRole>(StringComparer.Ordinal);
        foreach (var team in teams)
        {
            var match = TeamPattern().Match(team);
            if (!match.Success)
            {
                continue;
            }

            var role = match.Groups["role"].Value switch
            {
                "viewer" => CollabRole.Viewer,
                "editor" => CollabRole.Editor,
                _ => CollabRole.Administrator,
            };
            var collab = match.Groups["id"].Value;

            // A user's private collab is theirs alone: no issuer's team grants a role in it.
            if (collab.StartsWith(PrivatePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (!roles.TryGetValue(collab, out var held) || role > held)
            {
                roles[collab] = role;
            }
        }

        return roles;
    }
}
