using Nmpi.Adapters.Preparation;
using Nmpi.Api.V1;

namespace Nmpi.Adapters.Platforms;

/// <summary>
/// Fetches what a job's set-up needs from the network, in the adapter process and before any of the job's steps run:
/// extra git repositories through the same guarded, address-pinned clone as the job's own code, and pip files through
/// the same guarded, size-capped download as its input data. Internal addresses are refused whether written or resolved.
/// </summary>
public sealed class SetupSourceFetcher(AdapterOptions options)
{
    /// <summary>How a fetch reads in the job's log and in provenance: the adapter fetched it, no sandbox was needed.</summary>
    public const string Description = "site adapter, guarded fetch";

    private readonly GitCloner _git = new(options.GitCloneTimeout, options.AllowFileUrls, options.MaxGitCloneBytes, options.AllowInternalUrls);

    /// <summary>Makes the wheelhouse and fetches the plan's sources into the job directory; null when all arrived, otherwise how the job ends.</summary>
    public async Task<SetupFailure?> FetchAsync(SpiNNakerSetupPlan plan, string jobDirectory, Action<string> log, LeaseHandle handle)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(handle);
        if (plan.NeedsWheelhouse)
        {
            if (Occupied(Path.Combine(jobDirectory, SpiNNakerSetupPlan.Wheelhouse)))
            {
                return Invalid($"hardware_config.{SpiNNakerSetupPlan.PipInstalls}: the job's directory already holds '{SpiNNakerSetupPlan.Wheelhouse}', where the set-up puts the packages it fetches");
            }

            Directory.CreateDirectory(Path.Combine(jobDirectory, SpiNNakerSetupPlan.IndexWheels));
        }

        using var files = new UrlFetcher(options.MaxDownloadBytes, options.DownloadTimeout, options.AllowInternalUrls);
        foreach (var fetch in plan.Fetches)
        {
            log($"== set-up {fetch.Key} ({Description}): {fetch.Description}");
            var entry = $"hardware_config.{fetch.Key}[{fetch.Index}]";
            var target = Path.Combine(jobDirectory, fetch.Target);

            // The adapter writes with its own rights: never into, or through, anything the job's code put there.
            if (Occupied(target))
            {
                return Invalid($"{entry}: the job's directory already holds '{fetch.Target}', where the set-up would put what it fetches");
            }

            try
            {
                Directory.CreateDirectory(fetch.IsClone ? target : Path.GetDirectoryName(target)!);
                if (fetch.IsClone)
                {
                    await _git.CloneAsync(SourceUrl.Parse(fetch.Url, "git repository", options.AllowFileUrls), target, handle.Stopping);
                }
                else
                {
                    await files.FetchAsync(SourceUrl.Parse(fetch.Url, "pip package", allowFileUrls: false), target, handle.Stopping);
                }
            }
            catch (JobPreparationException e)
            {
                return new(Outcome.Error, e.Reason, $"{entry}: {e.Message}");
            }
            catch (OperationCanceledException) when (handle.Stopping.IsCancellationRequested)
            {
                return handle.Reason == StopReason.Cancelled
                    ? new(Outcome.Cancelled, FailureReason.Unspecified, "cancelled")
                    : new(Outcome.Error, FailureReason.PlatformError, "the site adapter shut down while the job ran");
            }
        }

        return null;
    }

    private static SetupFailure Invalid(string message) => new(Outcome.Error, FailureReason.InvalidInput, message);

    // A dangling symbolic link counts: writing through it would land outside the job directory.
    private static bool Occupied(string path) =>
        File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null;
}
