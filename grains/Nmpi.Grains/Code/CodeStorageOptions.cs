namespace Nmpi.Grains.Code;

/// <summary>Limits on uploaded code per owner area and how long unreferenced files are kept (configuration section Nmpi:CodeStorage).</summary>
public sealed class CodeStorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Nmpi:CodeStorage";

    /// <summary>Most bytes of code files one user's own code store may hold.</summary>
    public long UserAreaBytes { get; set; } = 1L << 30;

    /// <summary>Most bytes of code files one collab's code store may hold.</summary>
    public long CollabAreaBytes { get; set; } = 10L << 30;

    /// <summary>How long an uploaded file no bundle names is kept after it was last uploaded or asked about.</summary>
    public TimeSpan UnreferencedGrace { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The limit of an owner area, by its key ('collab:…' or 'user:…').</summary>
    public long LimitOf(string owner) => owner.StartsWith("collab:", StringComparison.Ordinal) ? CollabAreaBytes : UserAreaBytes;
}
