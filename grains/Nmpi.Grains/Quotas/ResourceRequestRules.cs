using Nmpi.GrainInterfaces.Quotas;

namespace Nmpi.Grains.Quotas;

/// <summary>The lifecycle of a resource request as pure functions: field rules, edits, submission and decision.</summary>
public static class ResourceRequestRules
{
    /// <summary>Longest title.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>Longest abstract.</summary>
    public const int MaxAbstractLength = 10_000;

    /// <summary>Most platforms one request may name.</summary>
    public const int MaxPlatforms = 16;

    /// <summary>Largest amount one request may ask for or grant on one platform.</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    /// <summary>The problems with a draft's fields (empty when it may be stored).</summary>
    public static IReadOnlyList<RequestProblem> Check(ResourceRequestDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var problems = new List<RequestProblem>();
        if (string.IsNullOrWhiteSpace(draft.Title))
        {
            problems.Add(new("title", "must not be empty"));
        }
        else if (draft.Title.Length > MaxTitleLength)
        {
            problems.Add(new("title", $"must be at most {MaxTitleLength} characters"));
        }

        if (draft.Abstract.Length > MaxAbstractLength)
        {
            problems.Add(new("abstract", $"must be at most {MaxAbstractLength} characters"));
        }

        problems.AddRange(CheckAmounts("requested", draft.Requested, allowZero: false));
        return problems;
    }

    /// <summary>The problems with a set of per-platform amounts.</summary>
    public static IReadOnlyList<RequestProblem> CheckAmounts(string field, IReadOnlyDictionary<string, decimal> amounts, bool allowZero)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        var problems = new List<RequestProblem>();
        if (amounts.Count > MaxPlatforms)
        {
            problems.Add(new(field, $"names at most {MaxPlatforms} platforms"));
        }

        foreach (var (platform, amount) in amounts)
        {
            if (amount < 0 || (!allowZero && amount == 0) || amount > MaxAmount)
            {
                problems.Add(new($"{field}[{platform}]", allowZero
                    ? $"must be between 0 and {MaxAmount}"
                    : $"must be more than 0 and at most {MaxAmount}"));
            }
        }

        return problems;
    }

    /// <summary>The request with new fields; only a request in preparation may be edited.</summary>
    public static ResourceRequest Edit(ResourceRequest request, ResourceRequestDraft draft)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(draft);
        Require(request, ResourceRequestStatus.InPreparation, "edited");
        RequireValid(Check(draft));
        return request with { Title = draft.Title.Trim(), Abstract = draft.Abstract, Requested = draft.Requested };
    }

    /// <summary>The request about to be deleted; only a request in preparation may be.</summary>
    public static ResourceRequest Delete(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(request, ResourceRequestStatus.InPreparation, "deleted");
        return request;
    }

    /// <summary>The request submitted for review.</summary>
    public static ResourceRequest Submit(ResourceRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(request, ResourceRequestStatus.InPreparation, "submitted");
        RequireValid(Check(new ResourceRequestDraft(request.Collab, request.Title, request.Abstract, request.Requested)));
        return request with { Status = ResourceRequestStatus.UnderReview, SubmittedAt = now };
    }

    /// <summary>The request decided; accepting grants the decision's amounts, or what was asked for when it names none.</summary>
    public static ResourceRequest Decide(ResourceRequest request, ResourceRequestDecision decision, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decision);
        Require(request, ResourceRequestStatus.UnderReview, "decided");
        if (string.Equals(request.RequestedBy, decision.DecidedBy, StringComparison.Ordinal))
        {
            throw new QuotaRejectedException(QuotaRejection.PermissionDenied, $"Request {request.Id} is yours: another administrator must decide it.");
        }

        if (!decision.Accept)
        {
            return request with
            {
                Status = ResourceRequestStatus.Rejected,
                DecidedAt = now,
                DecidedBy = decision.DecidedBy,
                DecisionNote = decision.Note,
            };
        }

        var granted = decision.Granted is { Count: > 0 } amounts ? amounts : request.Requested;
        RequireValid(CheckAmounts("granted", granted, allowZero: true));
        if (decision.ExpiresAt is { } expires && expires <= now)
        {
            throw new QuotaRejectedException(QuotaRejection.InvalidArgument, "expires_at must be in the future.", "expires_at");
        }

        return request with
        {
            Status = ResourceRequestStatus.Accepted,
            Granted = granted,
            ExpiresAt = decision.ExpiresAt,
            DecidedAt = now,
            DecidedBy = decision.DecidedBy,
            DecisionNote = decision.Note,
        };
    }

    /// <summary>The name stored for a status.</summary>
    public static string Name(ResourceRequestStatus status) => status switch
    {
        ResourceRequestStatus.InPreparation => "in_preparation",
        ResourceRequestStatus.UnderReview => "under_review",
        ResourceRequestStatus.Accepted => "accepted",
        ResourceRequestStatus.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown status"),
    };

    /// <summary>Parses a name written by <see cref="Name"/>.</summary>
    public static ResourceRequestStatus Parse(string name) => name switch
    {
        "in_preparation" => ResourceRequestStatus.InPreparation,
        "under_review" => ResourceRequestStatus.UnderReview,
        "accepted" => ResourceRequestStatus.Accepted,
        "rejected" => ResourceRequestStatus.Rejected,
        _ => throw new InvalidDataException($"Unknown request status '{name}'."),
    };

    private static void Require(ResourceRequest request, ResourceRequestStatus status, string verb)
    {
        if (request.Status != status)
        {
            throw new QuotaRejectedException(
                QuotaRejection.InvalidTransition,
                $"Request {request.Id} is {Name(request.Status).Replace('_', ' ')}; only a request {Name(status).Replace('_', ' ')} can be {verb}.");
        }
    }

    private static void RequireValid(IReadOnlyList<RequestProblem> problems)
    {
        if (problems.Count > 0)
        {
            throw new QuotaRejectedException(QuotaRejection.InvalidArgument, $"{problems[0].Field}: {problems[0].Description}", problems[0].Field);
        }
    }
}
