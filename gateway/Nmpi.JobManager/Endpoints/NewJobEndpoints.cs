using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
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
        return Show(http, info, new NewJobForm(), StatusCodes.Status200OK);
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, IPlatformServices platform, string collab)
    {
        var fields = await Forms.ReadCheckedAsync(http);
        var info = await GetCollabAsync(http, platform, collab);
        var form = new NewJobForm
        {
            RequestIdValue = fields.Field(NewJobForm.RequestId),
            PlatformValue = fields.Field(NewJobForm.Platform),
            // The script is kept exactly as typed (indentation matters in Python); browsers send CRLF line breaks.
            CodeValue = fields[NewJobForm.Code].ToString().Replace("\r\n", "\n", StringComparison.Ordinal),
            CommandValue = fields.Field(NewJobForm.Command),
            InputDataValue = fields.Field(NewJobForm.InputData),
            TagsValue = fields.Field(NewJobForm.Tags),
            HardwareConfigValue = fields.Field(NewJobForm.HardwareConfig),
        };

        var request = new SubmitJobRequest
        {
            RequestId = form.RequestIdValue,
            Collab = collab,
            HardwarePlatform = form.PlatformValue,
            Code = new JobCode { Inline = form.CodeValue },
            Command = form.CommandValue,
        };
        request.InputData.AddRange(NewJobForm.Lines(form.InputDataValue));
        request.Tags.AddRange(NewJobForm.TagList(form.TagsValue));
        if (form.HardwareConfigValue.Length > 0)
        {
            try
            {
                request.HardwareConfig = Struct.Parser.ParseJson(form.HardwareConfigValue);
            }
            catch (InvalidProtocolBufferException)
            {
                form.AddError(NewJobForm.HardwareConfig, "must be a JSON object, e.g. {\"spynnaker_version\": \"7.0\"}");
                return Show(http, info, form, StatusCodes.Status400BadRequest);
            }
            catch (InvalidJsonException)
            {
                form.AddError(NewJobForm.HardwareConfig, "is not valid JSON");
                return Show(http, info, form, StatusCodes.Status400BadRequest);
            }
        }

        try
        {
            var job = await platform.JobsAsync(http, Rpc.Jobs("SubmitJob"), (s, c) => s.SubmitJob(request, c));
            return Results.Redirect($"{JobManagerEndpointRouteBuilderExtensions.PathPrefix}/jobs/{job.Id}");
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.InvalidArgument or StatusCode.PermissionDenied
            or StatusCode.ResourceExhausted or StatusCode.FailedPrecondition or StatusCode.AlreadyExists)
        {
            var violations = e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations;
            if (violations is { Count: > 0 })
            {
                foreach (var violation in violations)
                {
                    var field = NewJobForm.FieldOf(violation.Field);
                    form.AddError(field, NewJobForm.Message(field, violation.Field, violation.Description));
                }
            }
            else
            {
                form.AddError("", e.Status.Detail);
            }

            return Show(http, info, form, RefusalStatus(e.StatusCode));
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
