using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nmpi.Api.V1;

namespace Nmpi.Adapters.Preparation;

/// <summary>Fills a job's directory before it runs: its code (inline, git or archive), then its input data.</summary>
public sealed class JobPreparation : IDisposable
{
    private readonly AdapterOptions _options;
    private readonly ILogger<JobPreparation> _logger;
    private readonly UrlFetcher _fetcher;
    private readonly GitCloner _git;
    private readonly ArchiveExtractor _extractor;
    private readonly CodeBundleDownloader _bundles = new();

    public JobPreparation(IOptions<AdapterOptions> options, ILogger<JobPreparation> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _fetcher = new UrlFetcher(_options.MaxDownloadBytes, _options.DownloadTimeout, _options.AllowInternalUrls);
        _git = new GitCloner(_options.GitCloneTimeout, _options.AllowFileUrls, _options.MaxGitCloneBytes, _options.AllowInternalUrls);
        _extractor = new ArchiveExtractor(_options.MaxExtractedBytes, _options.MaxArchiveEntries);
    }

    /// <summary>Prepares the (empty) job directory so that the script, a path relative to it, exists; throws JobPreparationException with the reason otherwise.</summary>
    public async Task PrepareAsync(Job job, JobWorkspace workspace, string script, CancellationToken cancellationToken, LeasedBundle? bundle = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(workspace);
        var scriptPath = workspace.Resolve(script) ?? throw new JobPreparationException($"the script path {script} leads out of the job's directory");
        switch (job.Code?.SourceCase)
        {
            case JobCode.SourceOneofCase.Inline:
                Directory.CreateDirectory(Path.GetDirectoryName(scriptPath)!);
                await File.WriteAllTextAsync(scriptPath, job.Code.Inline, cancellationToken);
                break;
            case JobCode.SourceOneofCase.GitUrl:
                var repository = SourceUrl.Parse(job.Code.GitUrl, "git repository", _options.AllowFileUrls);
                await _git.CloneAsync(repository, workspace.Directory, cancellationToken);
                PreparationLog.Cloned(_logger, job.Id, repository.Shown);
                RequireScript(scriptPath, script, $"the git repository {repository.Shown}");
                break;
            case JobCode.SourceOneofCase.ArchiveUrl:
                var archive = SourceUrl.Parse(job.Code.ArchiveUrl, "code archive", _options.AllowFileUrls);
                await UnpackAsync(archive, workspace.Directory, cancellationToken);
                PreparationLog.Unpacked(_logger, job.Id, archive.Shown);
                ArchiveRoot.Settle(workspace.Directory, script);
                RequireScript(scriptPath, script, $"the code archive {archive.Shown}");
                break;
            case JobCode.SourceOneofCase.ArtifactId when bundle is not null:
                await DownloadBundleAsync(bundle, workspace.Directory, cancellationToken);
                PreparationLog.Downloaded(_logger, job.Id, job.Code.ArtifactId);
                RequireScript(scriptPath, script, $"the code bundle {job.Code.ArtifactId}");
                break;
            default:
                throw new JobPreparationException(job.Code is null ? "the job has no code" : $"code source {job.Code.SourceCase} is not supported by this adapter");
        }

        foreach (var input in job.InputData)
        {
            var url = SourceUrl.Parse(input, "input data", _options.AllowFileUrls);
            var name = InputFileName.For(url);
            var target = Path.Combine(workspace.Directory, name);
            if (Occupied(target))
            {
                throw new JobPreparationException($"input data {url.Shown} would overwrite {name}, which the job's directory already holds");
            }

            await _fetcher.FetchAsync(url, target, cancellationToken);
            PreparationLog.Fetched(_logger, job.Id, url.Shown, name);
        }
    }

    public void Dispose() => _fetcher.Dispose();

    // The gateway checked the bundle when it was made; one that is now missing or damaged is the platform's fault.
    private async Task DownloadBundleAsync(LeasedBundle bundle, string directory, CancellationToken cancellationToken)
    {
        try
        {
            await _bundles.DownloadAsync(bundle.Session, bundle.Lease, directory, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new JobPreparationException($"the job's code bundle could not be fetched: {e.Message}", FailureReason.PlatformError, e);
        }
    }

    private async Task UnpackAsync(SourceUrl archive, string directory, CancellationToken cancellationToken)
    {
        // Beside the job's directory, not in it: the archive itself is neither code nor output.
        var download = directory + ".download";
        File.Delete(download);
        try
        {
            await _fetcher.FetchAsync(archive, download, cancellationToken);
            await _extractor.ExtractAsync(download, directory, cancellationToken);
        }
        finally
        {
            File.Delete(download);
        }
    }

    // A dangling symbolic link from a repository counts: writing through it would land outside the directory.
    private static bool Occupied(string path) =>
        File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null;

    private static void RequireScript(string scriptPath, string script, string source)
    {
        if (!File.Exists(scriptPath))
        {
            throw new JobPreparationException($"{source} has no {script} to run");
        }
    }
}
