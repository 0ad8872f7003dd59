using Nmpi.Gateway.Outputs;

namespace Nmpi.Gateway.CodeBundles;

/// <summary>
/// Code files in the artifact store, content-addressed within each owner's area, so one tenant can neither
/// learn whether another holds a file nor name another's file in a bundle.
/// </summary>
public sealed class CodeBlobStore(ArtifactStore artifacts)
{
    /// <summary>The store of one owner's code files.</summary>
    public ArtifactStore Of(CodeOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return artifacts.Area(owner.Area);
    }
}
