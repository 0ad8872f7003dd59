using System.Text.RegularExpressions;
using Nmpi.Api.V1;

namespace Nmpi.Gateway.Validation;

/// <summary>Checks the requests site adapters send; limits keep one adapter from overloading the cluster.</summary>
public static partial class AdapterRequestValidator
{
    public const int MaxCapacity = 1000;
    public const int MaxLeaseJobs = 100;
    public const int MaxLogAppendBytes = 1024 * 1024;
    public const int MaxOutputPathLength = 1024;
    public const int MaxMessageLength = 10_000;
    public static readonly TimeSpan MaxLeaseWait = TimeSpan.FromSeconds(60);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}\\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9!#$&^_.+-]{1,64}/[A-Za-z0-9!#$&^_.+-]{1,64}(\s*;[ -~]*)?$")]
    private static partial Regex ContentTypePattern();

    public static IReadOnlyList<FieldViolation> Validate(RegisterAdapterRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        if (!NamePattern().IsMatch(request.Name))
        {
            violations.Add(new("name", "must be 1 to 64 characters of A-Z a-z 0-9 . _ -"));
        }

        if (FieldRules.Platform(request.HardwarePlatform) is { } problem)
        {
            violations.Add(new("hardware_platform", problem));
        }

        if (request.Capacity is < 1 or > MaxCapacity)
        {
            violations.Add(new("capacity", $"must be 1 to {MaxCapacity}"));
        }

        if (request.SoftwareVersion.Length > 200)
        {
            violations.Add(new("software_version", "must be at most 200 characters"));
        }

        return violations;
    }

    public static IReadOnlyList<FieldViolation> Validate(LeaseJobsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        if (request.MaxJobs is < 1 or > MaxLeaseJobs)
        {
            violations.Add(new("max_jobs", $"must be 1 to {MaxLeaseJobs}"));
        }

        if (request.Wait is { } wait)
        {
            if (FieldRules.Duration(wait) is { } problem)
            {
                violations.Add(new("wait", problem));
            }
            else if (wait.ToTimeSpan() is var span && (span < TimeSpan.Zero || span > MaxLeaseWait))
            {
                violations.Add(new("wait", "must be 0 to 60 seconds"));
            }
        }

        return violations;
    }

    public static IReadOnlyList<FieldViolation> Validate(HeartbeatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        if (request.Leases.Count > MaxCapacity)
        {
            violations.Add(new("leases", $"at most {MaxCapacity} leases per heartbeat"));
        }

        for (var i = 0; i < request.Leases.Count; i++)
        {
            Lease(request.Leases[i], $"leases[{i}]", violations);
        }

        return violations;
    }

    public static IReadOnlyList<FieldViolation> Validate(ReturnJobsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        if (request.Leases.Count > MaxCapacity)
        {
            violations.Add(new("leases", $"at most {MaxCapacity} leases per call"));
        }

        for (var i = 0; i < request.Leases.Count; i++)
        {
            Lease(request.Leases[i], $"leases[{i}]", violations);
        }

        return violations;
    }

    public static IReadOnlyList<FieldViolation> Validate(JobReport request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        Lease(request.Lease, "lease", violations);
        return violations;
    }

    public static IReadOnlyList<FieldViolation> Validate(AppendLogRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        Lease(request.Lease, "lease", violations);
        if (request.Seq < 0)
        {
            violations.Add(new("seq", "must be 0 or more"));
        }

        if (FieldRules.Utf8Bytes(request.Text) > MaxLogAppendBytes)
        {
            violations.Add(new("text", "must be at most 1 MiB of UTF-8 per append"));
        }

        return violations;
    }

    public static IReadOnlyList<FieldViolation> Validate(UploadOutputHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var violations = new List<FieldViolation>();
        Lease(header.Lease, "header.lease", violations);
        if (OutputPath(header.Path) is { } problem)
        {
            violations.Add(new("header.path", problem));
        }

        if (header.ContentType.Length > 0 && (header.ContentType.Length > 200 || !ContentTypePattern().IsMatch(header.ContentType)))
        {
            violations.Add(new("header.content_type", "must be a media type such as text/plain, at most 200 characters"));
        }

        return violations;
    }

    public static IReadOnlyList<FieldViolation> Validate(CompleteJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<FieldViolation>();
        Lease(request.Lease, "lease", violations);
        if (request.Outcome == Outcome.Unspecified || !Enum.IsDefined(request.Outcome))
        {
            violations.Add(new("outcome", "must be finished, error or cancelled"));
        }

        if (!Enum.IsDefined(request.FailureReason))
        {
            violations.Add(new("failure_reason", "is not a known failure reason"));
        }

        if (request.Message.Length > MaxMessageLength)
        {
            violations.Add(new("message", $"must be at most {MaxMessageLength} characters"));
        }

        if (request.ResourceUsage is { } usage)
        {
            if (!double.IsFinite(usage.Value) || usage.Value < 0)
            {
                violations.Add(new("resource_usage.value", "must be a finite number, 0 or more"));
            }

            if (usage.Units.Length is 0 or > 32)
            {
                violations.Add(new("resource_usage.units", "must be 1 to 32 characters"));
            }
        }

        return violations;
    }

    /// <summary>Null when the path is relative, stays inside the working directory and is at most 1024 characters.</summary>
    public static string? OutputPath(string path)
    {
        if (path.Length is 0 or > MaxOutputPathLength)
        {
            return $"must be 1 to {MaxOutputPathLength} characters";
        }

        if (path[0] is '/' or '\\')
        {
            return "must be relative (no leading /)";
        }

        if (path.Any(char.IsControl) || path.Contains('\\', StringComparison.Ordinal))
        {
            return "must not contain control characters or backslashes";
        }

        return path.Split('/').Any(segment => segment is ".." or "." or "")
            ? "must not contain '..', '.' or empty segments"
            : null;
    }

    private static void Lease(LeaseRef? lease, string field, List<FieldViolation> violations)
    {
        if (lease is null || lease.JobId <= 0 || lease.Epoch < 0)
        {
            violations.Add(new(field, "must name a job id above 0 and an epoch of 0 or more"));
        }
    }
}
