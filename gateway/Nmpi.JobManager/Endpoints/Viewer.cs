using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Nmpi.Api.V1;
using Nmpi.JobManager.Display;

namespace Nmpi.JobManager.Endpoints;

/// <summary>Who looks at a page (null before sign-in), the anti-forgery token its forms carry, and what the page may offer them.</summary>
/// <remarks>What to offer only: every write is still decided by the service it calls.</remarks>
public sealed record Viewer(string? UserId, string FormFieldName, string FormToken)
{
    /// <summary>A platform administrator (reviews resource requests, may act in every collab).</summary>
    public bool Admin { get; init; }

    /// <summary>The viewer's role per collab they belong to.</summary>
    public IReadOnlyDictionary<string, CollabRole> Roles { get; init; } = new Dictionary<string, CollabRole>(StringComparer.Ordinal);

    /// <summary>What the banner says (read-only, degraded).</summary>
    public ServiceNotice Notice { get; init; } = ServiceNotice.None;

    /// <summary>The service refuses user writes: the pages offer none.</summary>
    public bool ReadOnly => Notice.ReadOnlyMessage is not null;

    /// <summary>Whether to show forms that write at all (signed in, service writable).</summary>
    public bool MayWrite => UserId is not null && !ReadOnly;

    /// <summary>Whether to offer a new job, a resubmit or a resource request in the collab.</summary>
    public bool MaySubmitTo(string collab) => MayWrite && Display.Roles.CanSubmit(RoleIn(collab), Admin);

    /// <summary>Whether to offer cancel, delete, tags and comments on the job.</summary>
    public bool MayChange(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return MayWrite && Display.Roles.CanChangeJob(RoleIn(job.Collab), Admin, string.Equals(job.UserId, UserId, StringComparison.Ordinal));
    }

    private CollabRole? RoleIn(string collab) => Roles.TryGetValue(collab, out var role) ? role : null;

    /// <summary>The viewer of the current request; issues the anti-forgery cookie if the browser has none yet.</summary>
    public static Viewer Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var facts = ViewerFacts.Of(http);
        return new Viewer(facts.UserId ?? SessionCookie.UserId(http), tokens.FormFieldName, tokens.RequestToken ?? "")
        {
            Admin = facts.Admin,
            Roles = facts.Roles,
            Notice = facts.Notice,
        };
    }
}
