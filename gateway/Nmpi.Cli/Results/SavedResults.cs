using Nmpi.Api.V1;
using Nmpi.Client;

namespace Nmpi.Cli.Results;

/// <summary>A job's outputs and log on disk: OUTPUT/&lt;collab&gt;/job_&lt;id&gt;/ with job_&lt;id&gt;.log beside the outputs.</summary>
public sealed record SavedResults(Job Job, string Directory, IReadOnlyList<DownloadedFile> Files, string LogFile, string Log);
