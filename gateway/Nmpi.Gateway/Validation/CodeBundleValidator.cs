using System.Text.RegularExpressions;
using Nmpi.Api.V1;

namespace Nmpi.Gateway.Validation;

/// <summary>Checks the code upload requests without any I/O; paths are checked strictly, as they become files at a site.</summary>
public static partial class CodeBundleValidator
{
    public const int MaxFiles = 10_000;
    public const int MaxHashesPerQuery = 10_000;
    public const int MaxPathBytes = 1024;
    public const int MaxSegmentBytes = 255;

    /// <summary>All paths of one bundle together: keeps a manifest (and its download header) far below the 4 MiB message limit.</summary>
    public const int MaxManifestPathBytes = 1024 * 1024;

    /// <summary>Violations listed per answer; more would not fit the status trailer and would not help.</summary>
    public const int MaxListedViolations = 20;

    [GeneratedRegex("^[0-9a-f]{64}\\z")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[A-Za-z0-9-]{1,128}\\z")]
    private static partial Regex BundleIdPattern();

    public static IReadOnlyList<FieldViolation> Validate(FindMissingBlobsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        Owner(request.Collab, "collab", violations);
        if (request.Sha256.Count is 0 or > MaxHashesPerQuery)
        {
            violations.Add(new("sha256", $"must list 1 to {MaxHashesPerQuery} digests"));
        }

        for (var i = 0; i < request.Sha256.Count && i <= MaxHashesPerQuery; i++)
        {
            if (Sha256(request.Sha256[i]) is { } problem)
            {
                violations.Add(new($"sha256[{i}]", problem));
            }
        }

        return Capped(violations, "sha256");
    }

    public static IReadOnlyList<FieldViolation> Validate(UploadBlobHeader header, long maxFileBytes)
    {
        ArgumentNullException.ThrowIfNull(header);
        var violations = new List<FieldViolation>();
        Owner(header.Collab, "header.collab", violations);
        if (Sha256(header.Sha256) is { } problem)
        {
            violations.Add(new("header.sha256", problem));
        }

        if (header.Size < 0 || header.Size > maxFileBytes)
        {
            violations.Add(new("header.size", $"must be 0 to {maxFileBytes} bytes (the largest code file accepted)"));
        }

        return violations;
    }

    public static IReadOnlyList<FieldViolation> Validate(CreateCodeBundleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        Owner(request.Collab, "collab", violations);
        if (request.Files.Count is 0 or > MaxFiles)
        {
            violations.Add(new("files", $"a bundle holds 1 to {MaxFiles} files"));
            return violations;
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        long pathBytes = 0;
        for (var i = 0; i < request.Files.Count; i++)
        {
            var file = request.Files[i];
            if (Sha256(file.Sha256) is { } hashProblem)
            {
                violations.Add(new($"files[{i}].sha256", hashProblem));
            }

            if (Path(file.Path) is { } pathProblem)
            {
                violations.Add(new($"files[{i}].path", pathProblem));
            }
            else if (!index.TryAdd(file.Path, i))
            {
                violations.Add(new($"files[{i}].path", $"repeats the path of files[{index[file.Path]}]"));
            }

            pathBytes += FieldRules.Utf8Bytes(file.Path);
        }

        if (pathBytes > MaxManifestPathBytes)
        {
            violations.Add(new("files", $"the paths add up to {pathBytes} bytes of UTF-8; at most {MaxManifestPathBytes} are allowed"));
        }

        // A file cannot also be a directory that holds another file ("a" and "a/b").
        foreach (var (path, i) in index)
        {
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                if (index.TryGetValue(path[..slash], out var file))
                {
                    violations.Add(new($"files[{i}].path", $"lies inside '{path[..slash]}', which files[{file}] makes a file"));
                    break;
                }
            }
        }

        return Capped(violations, "files");
    }

    public static IReadOnlyList<FieldViolation> Validate(GetCodeBundleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return BundleId(request.Id) is { } problem ? [new("id", problem)] : [];
    }

    public static IReadOnlyList<FieldViolation> Validate(DownloadCodeBundleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Lease is null || request.Lease.JobId <= 0 || request.Lease.Epoch < 0
            ? [new("lease", "must name a job id above 0 and an epoch of 0 or more")]
            : [];
    }

    /// <summary>Null when the id has the shape of an artifact id.</summary>
    public static string? BundleId(string id) =>
        BundleIdPattern().IsMatch(id) ? null : "must be 1 to 128 characters of A-Z a-z 0-9 -";

    /// <summary>Null when the digest is 64 lowercase hex digits.</summary>
    public static string? Sha256(string value) =>
        Sha256Pattern().IsMatch(value) ? null : "must be a SHA-256 digest: 64 lowercase hex digits";

    /// <summary>
    /// Null when the path is relative with / separators, has no empty, "." or ".." segment, no backslash or
    /// control character, and fits common file systems (1024 bytes, 255 per segment).
    /// </summary>
    public static string? Path(string path)
    {
        if (path.Length == 0)
        {
            return "must not be empty";
        }

        if (FieldRules.Utf8Bytes(path) > MaxPathBytes)
        {
            return $"must be at most {MaxPathBytes} bytes of UTF-8";
        }

        if (path[0] == '/')
        {
            return "must be relative (no leading /)";
        }

        if (path.Any(char.IsControl) || path.Contains('\\', StringComparison.Ordinal))
        {
            return "must not contain control characters or backslashes (use / between directories)";
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return "must not contain '..', '.' or empty segments (no trailing / or //)";
            }

            if (FieldRules.Utf8Bytes(segment) > MaxSegmentBytes)
            {
                return $"each directory or file name must be at most {MaxSegmentBytes} bytes of UTF-8";
            }
        }

        return null;
    }

    private static void Owner(string collab, string field, List<FieldViolation> violations)
    {
        if (collab.Length > 0 && FieldRules.Collab(collab) is { } problem)
        {
            violations.Add(new(field, problem + " (or empty for your own store)"));
        }
    }

    /// <summary>The first violations and one that counts the rest, under summaryField.</summary>
    public static IReadOnlyList<FieldViolation> Capped(List<FieldViolation> violations, string summaryField)
    {
        ArgumentNullException.ThrowIfNull(violations);
        if (violations.Count <= MaxListedViolations)
        {
            return violations;
        }

        var listed = violations.Take(MaxListedViolations - 1).ToList();
        listed.Add(new(summaryField, $"and {violations.Count - listed.Count} more problems not listed"));
        return listed;
    }
}
