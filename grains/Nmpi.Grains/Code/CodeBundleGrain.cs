using Nmpi.GrainInterfaces.Code;
using Nmpi.Grains.Storage;

namespace Nmpi.Grains.Code;

/// <summary>One code bundle: written once, then served from memory (a bundle never changes).</summary>
public sealed class CodeBundleGrain(CodeBundleStore store) : Grain, ICodeBundleGrain
{
    private CodeBundle? _bundle;

    public async Task<CodeBundle> CreateAsync(CodeBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (!string.Equals(bundle.Id, this.GetPrimaryKeyString(), StringComparison.Ordinal))
        {
            throw new ArgumentException($"Bundle {bundle.Id} sent to the grain of {this.GetPrimaryKeyString()}.", nameof(bundle));
        }

        return _bundle ??= await store.InsertAsync(bundle);
    }

    // A miss is not remembered: the bundle may be created through another activation during a membership change.
    public async Task<CodeBundle?> GetAsync() => _bundle ??= await store.LoadAsync(this.GetPrimaryKeyString());
}
