using Nmpi.GrainInterfaces.Code;
using Nmpi.GrainInterfaces.Jobs;

namespace Nmpi.Gateway.Auth;

/// <summary>An authenticated user and what they may see and change.</summary>
public sealed record UserPrincipal(string UserId, bool Admin, IReadOnlyDictionary<string, CollabRole> Roles)
{
    /// <summary>The external issuer that vouched for the user, or null for a local account's token.</summary>
    public string? Issuer { get; init; }

    /// <summary>True when the caller holds a token of the external issuer, not one of this platform's own.</summary>
    public bool IsExternal => Issuer is not null;

    /// <summary>Collabs whose jobs the user may list; null means all (platform administrators).</summary>
    public IReadOnlyList<string>? VisibleCollabs => Admin ? null : [.. Roles.Keys.Order(StringComparer.Ordinal)];

    /// <summary>True when the user has any role in the collab (or is an admin).</summary>
    public bool CanView(string collab) => Admin || Roles.ContainsKey(collab);

    /// <summary>True when the user may submit to the collab: editor, administrator, or platform admin.</summary>
    public bool CanSubmit(string collab) =>
        Admin || (Roles.TryGetValue(collab, out var role) && role >= CollabRole.Editor);

    /// <summary>True when the user may manage the collab's members: its administrator, or a platform admin.</summary>
    public bool CanManage(string collab) =>
        Admin || (Roles.TryGetValue(collab, out var role) && role == CollabRole.Administrator);

    /// <summary>True when the user may cancel, delete, tag or comment on the job: its owner, or an editor of its collab.</summary>
    public bool CanChange(JobSnapshot job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return CanView(job.Spec.Collab) && (string.Equals(job.Spec.UserId, UserId, StringComparison.Ordinal) || CanSubmit(job.Spec.Collab));
    }

    /// <summary>True when the user may see the bundle: any role in its collab, its creator for a personal bundle, or an admin.</summary>
    public bool CanView(CodeBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return Admin || (bundle.Collab is { } collab ? Roles.ContainsKey(collab) : string.Equals(bundle.CreatedBy, UserId, StringComparison.Ordinal));
    }

    /// <summary>True when the user may run the bundle in a job: editor of its collab, its creator for a personal bundle, or an admin.</summary>
    public bool CanUse(CodeBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return Admin || (bundle.Collab is { } collab ? CanSubmit(collab) : string.Equals(bundle.CreatedBy, UserId, StringComparison.Ordinal));
    }
}
