using System.Security.Cryptography;
using System.Text;
using Nmpi.GrainInterfaces.Code;

namespace Nmpi.Gateway.CodeBundles;

/// <summary>Bundle ids: derived from the owner and the manifest, so uploading the same files again finds the same bundle.</summary>
public static class CodeManifest
{
    public const string IdPrefix = "cb-";

    /// <summary>The files sorted by path (ordinal), the order bundles are stored and streamed in.</summary>
    public static IReadOnlyList<CodeFile> Sorted(IEnumerable<CodeFile> files) => [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)];

    /// <summary>The bundle id of an owner's sorted files: "cb-" and 64 hex digits.</summary>
    public static string Id(CodeOwner owner, IReadOnlyList<CodeFile> sortedFiles)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(sortedFiles);

        // Paths never contain NUL or newlines (the validator refuses control characters), so this text is unambiguous.
        var text = new StringBuilder(owner.Key).Append('\n');
        foreach (var file in sortedFiles)
        {
            text.Append(file.Path).Append('\0').Append(file.Sha256).Append('\0').Append(file.Executable ? 'x' : '-').Append('\n');
        }

        return IdPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
