using System.Globalization;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nmpi.Api.Platforms;
using Nmpi.Api.V1;
using Nmpi.JobManager.Display;
using Nmpi.JobManager.Pages;

namespace Nmpi.JobManager.Endpoints;

/// <summary>The new-job form: submits through SubmitJob and shows its field violations beside the fields.</summary>
internal static class NewJobEndpoints
{
    public static void Map(RouteGroupBuilder app)
    {
        app.MapGet("/collabs/{collab}/jobs/new", ShowAsync);
        app.MapPost("/collabs/{collab}/jobs/new", SubmitAsync);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, IPlatformServices platform, string collab)
    {
        var info = await GetCollabAsync(http, platform, collab);
        var form = new NewJobForm();
        if (http.Request.Query["from"].ToString() is { Length: > 0 } from)
        {
            // Resubmit: the form filled from a job the user may see (any other answers 404, as its own page does).
            if (!long.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return PageResults.Problem(http, StatusCodes.Status400BadRequest, "Not possible", $"from: '{from}' is not a job id");
            }

            var job = await platform.JobsAsync(http, Rpc.Jobs("GetJob"), (s, c) => s.GetJob(new GetJobRequest { Id = id }, c));
            form = NewJobPrefill.From(job);
        }

        return Show(http, info, form, StatusCodes.Status200OK);
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, IPlatformServices platform, string collab)
    {
        var fields = await Forms.ReadCheckedAsync(http);
        var info = await GetCollabAsync(http, platform, collab);
        var typed = fields.Keys.Where(k => k.StartsWith("hw:", StringComparison.Ordinal))
            .ToDictionary(k => k, k => fields[k].ToString().Replace("\r\n", "\n", StringComparison.Ordinal), StringComparer.Ordinal);
        var form = new NewJobForm
        {
            RequestIdValue = fields.Field(NewJobForm.RequestId),
            PlatformValue = fields.Field(NewJobForm.Platform),
            // The script is kept exactly as typed (indentation matters in Python); browsers send CRLF line breaks.
            CodeValue = fields[NewJobForm.Code].ToString().Replace("\r\n", "\n", StringComparison.Ordinal),
            CodeKindValue = fields.Field(NewJobForm.CodeKind) is { Length: > 0 } kind ? kind : "inline",
            GitUrlValue = fields.Field(NewJobForm.GitUrl),
            ArchiveUrlValue = fields.Field(NewJobForm.ArchiveUrl),
            ArtifactValue = fields.Field(NewJobForm.Artifact),
            CommandValue = fields.Field(NewJobForm.Command),
            InputDataValue = fields.Field(NewJobForm.InputData),
            // Not trimmed: each line is a tag exactly as typed (or as the resubmitted job had it).
            TagsValue = fields[NewJobForm.Tags].ToString().Replace("\r\n", "\n", StringComparison.Ordinal),
            HardwareConfigValue = fields.Field(NewJobForm.HardwareConfig),
            HardwareValues = typed,
        };

        var request = new SubmitJobRequest
        {
            RequestId = form.RequestIdValue,
            Collab = collab,
            HardwarePlatform = form.PlatformValue,
            Command = form.CommandValue,
        };
        request.InputData.AddRange(NewJobForm.Lines(form.InputDataValue));
        request.Tags.AddRange(NewJobForm.TagList(form.TagsValue));
        if (HardwareConfigFields.Merge(PlatformCatalog.Find(form.PlatformValue), typed, form.HardwareConfigValue, form) is { } config)
        {
            request.HardwareConfig = config.Fields.Count > 0 || form.HardwareConfigValue.Length > 0 ? config : null;
        }

        try
        {
            // Nothing is uploaded for a form that is coming back anyway.
            request.Code = form.Errors.Count == 0 || form.CodeKindValue != "upload" ? await CodeOfAsync(http, platform, collab, form, fields) : null;
        }
        catch (FormatException e)
        {
            form.AddError(NewJobForm.UploadFiles, e.Message);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.PermissionDenied or StatusCode.ResourceExhausted)
        {
            // The upload calls name their own fields (files[3].path); beside the upload they read as they are.
            AddViolations(form, e, _ => NewJobForm.UploadFiles);
            return Show(http, info, form, RefusalStatus(e.StatusCode));
        }

        if (form.Errors.Count > 0)
        {
            return Show(http, info, form, StatusCodes.Status400BadRequest);
        }

        try
        {
            var job = await platform.JobsAsync(http, Rpc.Jobs("SubmitJob"), (s, c) => s.SubmitJob(request, c));
            return Results.Redirect($"{JobManagerEndpointRouteBuilderExtensions.PathPrefix}/jobs/{job.Id}");
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.PermissionDenied
            or StatusCode.ResourceExhausted or StatusCode.FailedPrecondition or StatusCode.AlreadyExists or StatusCode.NotFound)
        {
            // NOT_FOUND here is about a field (a code bundle); a collab the user may not see was refused by GetCollab above.
            AddViolations(form, e, form.FieldOf);
            return Show(http, info, form, e.StatusCode == StatusCode.NotFound ? StatusCodes.Status400BadRequest : RefusalStatus(e.StatusCode));
        }
    }

    /// <summary>The code the form names: the one input of the chosen kind (the others are ignored, as they are hidden).</summary>
    private static async Task<JobCode> CodeOfAsync(HttpContext http, IPlatformServices platform, string collab, NewJobForm form, IFormCollection fields)
    {
        switch (form.CodeKindValue)
        {
            case "inline":
                return new JobCode { Inline = form.CodeValue };
            case "git":
                return new JobCode { GitUrl = form.GitUrlValue };
            case "archive":
                return new JobCode { ArchiveUrl = form.ArchiveUrlValue };
            case "upload":
                if (await CodeUpload.BundleAsync(http, platform, collab, fields) is { } uploaded)
                {
                    return new JobCode { ArtifactId = uploaded };
                }

                return form.ArtifactValue.Length > 0
                    ? new JobCode { ArtifactId = form.ArtifactValue }
                    : throw new FormatException("choose a folder or a zip to upload");
            default:
                form.AddError(NewJobForm.CodeKind, $"'{form.CodeKindValue}' is not a kind of code; choose one of {string.Join(", ", NewJobForm.CodeKinds)}");
                return new JobCode();
        }
    }

    private static void AddViolations(NewJobForm form, RpcException e, Func<string, string> fieldOf)
    {
        var violations = e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations;
        if (violations is { Count: > 0 })
        {
            foreach (var violation in violations)
            {
                var field = fieldOf(violation.Field);
                form.AddError(field, field == NewJobForm.UploadFiles && !violation.Field.StartsWith("code.", StringComparison.Ordinal)
                    ? $"{violation.Field}: {violation.Description}"
                    : NewJobForm.Message(field, violation.Field, violation.Description));
            }
        }
        else
        {
            form.AddError("", e.Status.Detail);
        }
    }

    private static int RefusalStatus(StatusCode code) => code switch
    {
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.AlreadyExists => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    private static Task<Collab> GetCollabAsync(HttpContext http, IPlatformServices platform, string collab) =>
        platform.CollabsAsync(http, Rpc.Collabs("GetCollab"), (s, c) => s.GetCollab(new GetCollabRequest { Id = collab }, c));

    private static IResult Show(HttpContext http, Collab collab, NewJobForm form, int status) =>
        PageResults.Page<NewJobPage>(new { Viewer = Viewer.Of(http), Collab = collab, Form = form }, status);
}
