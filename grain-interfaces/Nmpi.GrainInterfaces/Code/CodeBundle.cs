namespace Nmpi.GrainInterfaces.Code;

/// <summary>An immutable set of uploaded code files, owned by a collab or (when Collab is null) by its creator alone.</summary>
[GenerateSerializer, Immutable, Alias("nmpi.CodeBundle")]
public sealed record CodeBundle
{
    /// <summary>The id jobs name in their code (JobCode.artifact_id).</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The owning collab, or null for a bundle of its creator alone.</summary>
    [Id(1)] public string? Collab { get; init; }

    [Id(2)] public required string CreatedBy { get; init; }

    [Id(3)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The files, sorted by path (ordinal).</summary>
    [Id(4)] public required IReadOnlyList<CodeFile> Files { get; init; }

    /// <summary>The sum of the files' sizes.</summary>
    public long TotalSize => Files.Sum(f => f.Size);
}
