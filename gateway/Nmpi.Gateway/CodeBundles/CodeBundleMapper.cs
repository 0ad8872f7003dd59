using Google.Protobuf.WellKnownTypes;
using Nmpi.GrainInterfaces.Code;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.CodeBundles;

/// <summary>Maps stored code bundles to their wire form.</summary>
public static class CodeBundleMapper
{
    public static Wire.CodeBundle ToWire(CodeBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var wire = new Wire.CodeBundle
        {
            Id = bundle.Id,
            Collab = bundle.Collab ?? "",
            CreatedBy = bundle.CreatedBy,
            CreatedAt = Timestamp.FromDateTimeOffset(bundle.CreatedAt),
            TotalSize = bundle.TotalSize,
        };
        wire.Files.AddRange(bundle.Files.Select(f => new Wire.CodeFile { Path = f.Path, Sha256 = f.Sha256, Size = f.Size, Executable = f.Executable }));
        return wire;
    }
}
