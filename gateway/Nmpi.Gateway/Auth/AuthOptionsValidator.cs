using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Nmpi.Api.Platforms;

namespace Nmpi.Gateway.Auth;

/// <summary>Refuses to start with weak, duplicate or malformed credentials.</summary>
public sealed partial class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    private const int MinSecretLength = 16;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex SitePattern();

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var secrets = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            var at = $"{AuthOptions.SectionName}:Users:{i}";
            // A user who signs in with a password needs no configured token.
            if (user.Token.Length > 0 || string.IsNullOrEmpty(user.Password))
            {
                CheckSecret(user.Token, $"{at}:Token", secrets, failures);
            }

            if (user.Password is { Length: > 0 and < Accounts.AccountValidator.MinPasswordLength })
            {
                failures.Add($"{at}:Password must be at least {Accounts.AccountValidator.MinPasswordLength} characters.");
            }
            if (!Accounts.AccountValidator.IsUserId(user.UserId))
            {
                failures.Add($"{at}:UserId is required: 1 to 64 of a-z 0-9 . _ -, starting with a letter or digit.");
            }

            foreach (var (collab, role) in user.Collabs)
            {
                if (!TryParseRole(role, out _))
                {
                    failures.Add($"{at}:Collabs:{collab} must be viewer, editor or administrator.");
                }
            }
        }

        for (var i = 0; i < options.AdapterKeys.Count; i++)
        {
            var key = options.AdapterKeys[i];
            var at = $"{AuthOptions.SectionName}:AdapterKeys:{i}";
            CheckSecret(key.Key, $"{at}:Key", secrets, failures);
            if (!SitePattern().IsMatch(key.Site))
            {
                failures.Add($"{at}:Site must be 1 to 64 characters of A-Z a-z 0-9 . _ -.");
            }

            if (key.Platforms.Count == 0 || key.Platforms.Any(p => PlatformCatalog.Find(p) is null))
            {
                failures.Add($"{at}:Platforms must list known platforms ({string.Join(", ", PlatformCatalog.All.Select(p => p.Name))}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Parses a configured role name, ignoring case.</summary>
    public static bool TryParseRole(string value, out CollabRole role) =>
        Enum.TryParse(value, ignoreCase: true, out role) && Enum.IsDefined(role) && !int.TryParse(value, out _);

    private static void CheckSecret(string secret, string at, HashSet<string> seen, List<string> failures)
    {
        if (secret.Length < MinSecretLength)
        {
            failures.Add($"{at} must be at least {MinSecretLength} characters.");
        }
        else if (!seen.Add(secret))
        {
            failures.Add($"{at} is used twice; every token and key must be unique.");
        }
    }
}
