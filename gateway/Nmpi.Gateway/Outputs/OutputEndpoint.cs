using Microsoft.AspNetCore.Http;

namespace Nmpi.Gateway.Outputs;

/// <summary>Serves GET /outputs/{token}: checks the capability token and streams the stored file.</summary>
public static class OutputEndpoint
{
    public static IResult Get(string token, HttpContext http, CapabilityTokens tokens, ArtifactStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        switch (tokens.Verify(token, time.GetUtcNow(), out var claim))
        {
            case CapabilityCheck.Invalid:
                return Results.Text("Invalid link.", "text/plain", statusCode: StatusCodes.Status403Forbidden);
            case CapabilityCheck.Expired:
                return Results.Text("This link has expired; fetch the job again for a fresh one.", "text/plain", statusCode: StatusCodes.Status410Gone);
        }

        var stream = store.OpenRead(claim!.Sha256);
        if (stream is null)
        {
            return Results.Text("File not found.", "text/plain", statusCode: StatusCodes.Status404NotFound);
        }

        // Outputs are user-controlled bytes: never let a browser sniff or run them in the gateway's origin.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "sandbox";
        var contentType = claim.ContentType.Length > 0 ? claim.ContentType : "application/octet-stream";
        return Results.Stream(stream, contentType, Path.GetFileName(claim.Path), enableRangeProcessing: true);
    }
}
