using Google.Protobuf;
using Wire = Nmpi.Api.V1;

namespace Nmpi.Gateway.Jobs;

/// <summary>Fills a ListJobs page with list rows up to a byte budget, so a page of large specs never passes a client's receive limit.</summary>
public static class ListPage
{
    /// <summary>A page stops before its encoded jobs would pass this many bytes: well below gRPC's default 4 MiB receive limit.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    /// <summary>
    /// Adds the jobs (newest first) to the response while they fit the budget; the first always goes in. Returns the id
    /// of the last job added when the page stopped early (the next page starts below it), else null.
    /// </summary>
    public static long? Fill(Wire.ListJobsResponse response, IEnumerable<Wire.Job> jobs, int maxBytes = MaxBytes)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(jobs);
        long used = 0;
        foreach (var job in jobs)
        {
            // The field's own tag and length prefix count too: this is what the job adds to the encoded response.
            var size = CodedOutputStream.ComputeTagSize(Wire.ListJobsResponse.JobsFieldNumber) + CodedOutputStream.ComputeMessageSize(job);
            if (response.Jobs.Count > 0 && used + size > maxBytes)
            {
                return response.Jobs[^1].Id;
            }

            used += size;
            response.Jobs.Add(job);
        }

        return null;
    }

    /// <summary>The job as a list row: an inline script shows as its preview (the listing read only its start).</summary>
    public static Wire.Job Row(Wire.Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Code?.SourceCase == Wire.JobCode.SourceOneofCase.Inline)
        {
            job.Code = new Wire.JobCode { InlinePreview = job.Code.Inline };
        }

        return job;
    }
}
