using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Nmpi.Gateway.Rest.Provider;

public static partial class RestProviderEndpoints
{
    private static Task<IResult> ReplaceLogAsync(long id, HttpContext http) => WriteLogAsync(id, http, replace: true);

    private static Task<IResult> AppendLogAsync(long id, HttpContext http) => WriteLogAsync(id, http, replace: false);

    /// <summary>PUT (replace) and PATCH (append) of the log: the body is the text itself, as v3 takes it.</summary>
    private static async Task<IResult> WriteLogAsync(long id, HttpContext http, bool replace)
    {
        string text;
        try
        {
            using var reader = new StreamReader(http.Request.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
            text = await reader.ReadToEndAsync(http.RequestAborted);
        }
        catch (DecoderFallbackException)
        {
            return RestErrors.Problem(StatusCodes.Status400BadRequest, "The log must be UTF-8 text.");
        }

        try
        {
            var claim = await RestLeases.ClaimAsync(http, id);
            if (claim.Problem is { } problem)
            {
                return problem;
            }

            await RestLeases.RenewAsync(http, claim);
            if (replace)
            {
                await RestLog.ReplaceAsync(http, claim, text);
            }
            else
            {
                await RestLog.AppendAsync(http, claim, text);
            }

            return await RestLeases.AnswerAsync(http, id);
        }
        catch (RpcException e)
        {
            return FromRpc(e, id);
        }
    }
}
