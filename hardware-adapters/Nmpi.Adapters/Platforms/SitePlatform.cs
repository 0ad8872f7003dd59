using Google.Protobuf.WellKnownTypes;
using Nmpi.Adapters.Execution;
using Nmpi.Api.Platforms;
using Nmpi.Api.V1;

namespace Nmpi.Adapters.Platforms;

/// <summary>
/// What differs between the platforms at a site: the hardware_config re-check, SpiNNaker's set-up steps, usage in
/// the platform's units and the software versions recorded in provenance.
/// </summary>
public sealed class SitePlatform
{
    private readonly AdapterOptions _options;
    private readonly TimeProvider _time;
    private readonly Lazy<(PlatformInfo Info, PlatformUsage Usage)> _rules;
    private readonly SoftwareVersions _software;

    public SitePlatform(AdapterOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;

        // Looked up at first use: an unknown platform is reported by the options validator at start, not here.
        _rules = new(() =>
        {
            var info = PlatformCatalog.Find(options.Platform) ?? throw new InvalidOperationException($"{options.Platform} is not a platform in the catalog.");
            return (info, PlatformUsage.For(info.Name, options.Platforms));
        });
        _software = new SoftwareVersions(options.Python, options.Backend);
    }

    private PlatformInfo Platform => _rules.Value.Info;

    /// <summary>Why the job's hardware_config cannot run here (every problem, each naming its key); null when it can.</summary>
    public SetupFailure? Check(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var problems = HardwareConfigCheck.Problems(Platform, job.HardwareConfig).ToList();
        if (problems.Count == 0 && Platform.Name == PlatformCatalog.SpiNNaker)
        {
            // The entries' text is judged here; the paths are judged again on disk when their step starts.
            problems.AddRange(Plan(job, Path.Combine(_options.WorkDirectory, $"job_{job.Id}")).Problems);
        }

        return problems.Count == 0
            ? null
            : new SetupFailure(Outcome.Error, FailureReason.InvalidInput, "invalid hardware_config: " + string.Join("; ", problems));
    }

    /// <summary>Runs the job's set-up steps (SpiNNaker only) inside its sandbox with their output in the job's log, before its command.</summary>
    public async Task<PlatformSetup> PrepareAsync(Job job, string jobDirectory, JobReports reports, LeaseHandle handle, JobSandbox sandbox)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(sandbox);
        if (Platform.Name != PlatformCatalog.SpiNNaker)
        {
            return new PlatformSetup(null, reports, null, []);
        }

        var plan = Plan(job, jobDirectory);
        if (plan.Problems.Count > 0)
        {
            return new PlatformSetup(new SetupFailure(Outcome.Error, FailureReason.InvalidInput, "invalid hardware_config: " + string.Join("; ", plan.Problems)), reports, null, []);
        }

        if (plan.Steps.Count + plan.Fetches.Count == 0)
        {
            return new PlatformSetup(null, reports, null, []);
        }

        // The set-up has its own share of the log cap, so a chatty install cannot crowd out the script's output.
        var log = new JobLogStream(reports.AppendLogAsync, _options.MaxLogBytes / 4, _time);
        var sending = log.RunAsync();

        // Fetching comes first and is the adapter's, never a step's: no job code runs while the network is used for it.
        var failure = await new SetupSourceFetcher(_options).FetchAsync(plan, jobDirectory, log.Write, handle);
        if (failure is null)
        {
            var runner = new SetupStepRunner(sandbox, JobAttempt.Of(handle.Lease), _options.Platforms.SetupStepTimeLimit, _options.KillGrace);
            failure = await runner.RunAsync(plan.Steps, jobDirectory, log.Write, handle);
        }

        // A key whose entries were both fetched and installed (pip files) is described by where its job code ran.
        var sandboxes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var step in plan.Steps)
        {
            sandboxes.TryAdd(step.Key, sandbox.DescriptionFor(step.NeedsNetwork));
        }

        foreach (var fetch in plan.Fetches)
        {
            sandboxes.TryAdd(fetch.Key, SetupSourceFetcher.Description);
        }

        if (failure is null)
        {
            log.Write($"== set-up done; the command runs with {plan.Python ?? _options.Python}");
        }

        log.Complete();
        await sending;
        return new PlatformSetup(failure, reports.ContinuingLogAfter(log.Sent), plan.Python, plan.ExcludedFromOutputs, sandboxes);
    }

    /// <summary>The job's usage in the platform's units.</summary>
    public ResourceUsage Usage(Job job, TimeSpan elapsed) => _rules.Value.Usage.Measure(elapsed, job?.HardwareConfig);

    /// <summary>Adds the software the job ran with (PyNN and its backend's package, as its interpreter sees them) to its provenance.</summary>
    public async Task AddSoftwareAsync(Struct provenance, string? jobPython)
    {
        ArgumentNullException.ThrowIfNull(provenance);
        var software = await _software.ForAsync(jobPython ?? _options.Python);
        provenance.Fields["software"] = Value.ForStruct(software.Clone());
        provenance.Fields["backend_package"] = Value.ForString(_software.Backend.Distribution);
        if (jobPython is not null)
        {
            provenance.Fields["environment"] = Value.ForString(SpiNNakerSetupPlan.VirtualEnvironment);
        }
    }

    private SpiNNakerSetupPlan Plan(Job job, string jobDirectory) =>
        SpiNNakerSetupPlan.For(job.HardwareConfig, jobDirectory, _options.Python, _options.Platforms, _options.AllowFileUrls, _options.AllowInternalUrls);
}
