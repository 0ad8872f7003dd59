using Grpc.Core;
using Nmpi.Gateway.Auth;
using Nmpi.Gateway.Errors;
using Nmpi.Gateway.Validation;
using Nmpi.GrainInterfaces.Quotas;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Quotas;

/// <summary>
/// The Quotas gRPC service: editors write and submit their collab's requests, administrators decide them and
/// set limits; anyone who may view a collab sees its requests and its usage against limits.
/// </summary>
public sealed class QuotasService(IGrainFactory grains, CallerAuthenticator auth) : Wire.Quotas.QuotasBase
{
    private const int DefaultPageSize = 50;

    private IQuotaRegistryGrain Registry => grains.GetGrain<IQuotaRegistryGrain>(0);

    public override async Task<Wire.ResourceRequest> CreateResourceRequest(Wire.CreateResourceRequestRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(QuotaRequestValidator.Validate(request));
        RequireEditor(caller, request.Collab);
        var draft = new ResourceRequestDraft(request.Collab, request.Title, request.Abstract, QuotaMapper.FromWire(request.Requested));
        return QuotaMapper.ToWire(await Registry.CreateRequestAsync(draft, caller.UserId));
    }

    public override async Task<Wire.ResourceRequest> GetResourceRequest(Wire.GetResourceRequestRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        return QuotaMapper.ToWire(await LoadVisibleAsync(request.Id, caller));
    }

    public override async Task<Wire.ListResourceRequestsResponse> ListResourceRequests(Wire.ListResourceRequestsRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        RequireViewableFilter(caller, request.Collab);
        if (request.PageSize is < 0 or > 500)
        {
            throw GatewayErrors.InvalidArgument("page_size", "must be between 0 and 500");
        }

        var query = new ResourceRequestQuery(
            caller.VisibleCollabs,
            NullIfEmpty(request.Collab),
            request.Status == Wire.ResourceRequestStatus.Unspecified ? null : (ResourceRequestStatus)(int)request.Status,
            request.PageSize == 0 ? DefaultPageSize : request.PageSize,
            request.BeforeId > 0 ? request.BeforeId : null);
        var response = new Wire.ListResourceRequestsResponse();

        // The registry filters by VisibleCollabs; checking again here keeps one bug there from leaking requests.
        response.Requests.AddRange((await Registry.ListRequestsAsync(query)).Where(r => caller.CanView(r.Collab)).Select(QuotaMapper.ToWire));
        return response;
    }

    public override async Task<Wire.ResourceRequest> UpdateResourceRequest(Wire.UpdateResourceRequestRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(QuotaRequestValidator.Validate(request));
        var existing = await LoadEditableAsync(request.Id, caller);
        var draft = new ResourceRequestDraft(existing.Collab, request.Title, request.Abstract, QuotaMapper.FromWire(request.Requested));
        return QuotaMapper.ToWire(await grains.GetGrain<IResourceRequestGrain>(existing.Id).UpdateAsync(draft, caller.UserId));
    }

    public override async Task<Wire.ResourceRequest> SubmitResourceRequest(Wire.SubmitResourceRequestRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        var existing = await LoadEditableAsync(request.Id, caller);
        return QuotaMapper.ToWire(await grains.GetGrain<IResourceRequestGrain>(existing.Id).SubmitAsync(caller.UserId));
    }

    public override async Task<Wire.DeleteResourceRequestResponse> DeleteResourceRequest(Wire.DeleteResourceRequestRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        var existing = await LoadEditableAsync(request.Id, caller);
        await grains.GetGrain<IResourceRequestGrain>(existing.Id).DeleteAsync();
        return new Wire.DeleteResourceRequestResponse();
    }

    public override async Task<Wire.ResourceRequest> DecideResourceRequest(Wire.DecideResourceRequestRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(QuotaRequestValidator.Validate(request));
        var existing = await LoadVisibleAsync(request.Id, caller);
        if (!caller.Admin)
        {
            throw GatewayErrors.PermissionDenied($"Only platform administrators decide resource requests; request {existing.Id} is waiting for one.");
        }

        var decision = new ResourceRequestDecision(
            request.Accept,
            caller.UserId,
            NullIfEmpty(request.Note),
            request.Granted.Count > 0 ? QuotaMapper.FromWire(request.Granted) : null,
            QuotaRequestValidator.Instant(request.ExpiresAt));
        return QuotaMapper.ToWire(await grains.GetGrain<IResourceRequestGrain>(existing.Id).DecideAsync(decision));
    }

    public override async Task<Wire.ListQuotasResponse> ListQuotas(Wire.ListQuotasRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        RequireViewableFilter(caller, request.Collab);
        if (request.Platform.Length > 0 && FieldRules.Platform(request.Platform) is { } problem)
        {
            throw GatewayErrors.InvalidArgument("platform", problem);
        }

        var quotas = await Registry.ListQuotasAsync(new QuotaQuery(caller.VisibleCollabs, NullIfEmpty(request.Collab), NullIfEmpty(request.Platform)));
        var response = new Wire.ListQuotasResponse();
        response.Quotas.AddRange(quotas.Where(q => caller.CanView(q.Collab)).Select(QuotaMapper.ToWire));
        return response;
    }

    public override async Task<Wire.Quota> SetQuota(Wire.SetQuotaRequest request, ServerCallContext context)
    {
        var caller = await auth.AuthenticateUserAsync(context);
        Throw(QuotaRequestValidator.Validate(request));
        if (!caller.CanView(request.Collab))
        {
            throw QuotaErrors.CollabNotFound(request.Collab);
        }

        if (!caller.Admin)
        {
            throw GatewayErrors.PermissionDenied("Only platform administrators set quotas; ask for more with a resource request.");
        }

        var setting = new QuotaSetting(
            request.Collab, request.Platform, Math.Round((decimal)request.Limit, 6, MidpointRounding.AwayFromZero),
            QuotaRequestValidator.Instant(request.ExpiresAt), caller.UserId);
        return QuotaMapper.ToWire(await Registry.SetQuotaAsync(setting));
    }

    /// <summary>Loads a request the caller may view; a missing request and a hidden one answer the same NOT_FOUND.</summary>
    private async Task<ResourceRequest> LoadVisibleAsync(long id, UserPrincipal caller)
    {
        var found = id > 0 ? await grains.GetGrain<IResourceRequestGrain>(id).GetAsync() : null;
        return found is not null && caller.CanView(found.Collab) ? found : throw QuotaErrors.RequestNotFound(id);
    }

    private async Task<ResourceRequest> LoadEditableAsync(long id, UserPrincipal caller)
    {
        var found = await LoadVisibleAsync(id, caller);
        return caller.CanSubmit(found.Collab)
            ? found
            : throw GatewayErrors.PermissionDenied($"Editing request {id} needs the editor or administrator role in collab '{found.Collab}'.");
    }

    private static void RequireEditor(UserPrincipal caller, string collab)
    {
        if (!caller.CanView(collab))
        {
            throw QuotaErrors.CollabNotFound(collab);
        }

        if (!caller.CanSubmit(collab))
        {
            throw GatewayErrors.PermissionDenied($"Requesting resources for collab '{collab}' needs the editor or administrator role.");
        }
    }

    private static void RequireViewableFilter(UserPrincipal caller, string collab)
    {
        if (collab.Length > 0 && !caller.CanView(collab))
        {
            throw QuotaErrors.CollabNotFound(collab);
        }
    }

    private static void Throw(IReadOnlyList<FieldViolation> violations)
    {
        if (violations.Count > 0)
        {
            throw GatewayErrors.InvalidArgument(violations);
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
