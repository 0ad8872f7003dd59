using System.Collections.Concurrent;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Nmpi.Adapters.Execution;

namespace Nmpi.Adapters.Platforms;

/// <summary>
/// Finds which PyNN and backend package versions an interpreter would run a job with, by asking that interpreter.
/// The site interpreter is asked once per adapter; a job's own environment once, when its job ends.
/// </summary>
public sealed class SoftwareVersions(string sitePython, string backend)
{
    /// <summary>What a version reads as when the interpreter has no such package.</summary>
    public const string NotInstalled = "not installed";

    private const string Marker = "NMPI-SOFTWARE ";
    private static readonly TimeSpan ProbeLimit = TimeSpan.FromSeconds(60);

    // Metadata first (no import side effects); an import only for packages without it. Printed behind a marker,
    // because importing a simulator (NEST) may print a banner to standard output.
    private const string Probe = """
        import sys, json, importlib, importlib.metadata as md
        found = {}
        for spec in sys.argv[1:]:
            dist, _, module = spec.partition(":")
            version = None
            try:
                version = md.version(dist)
            except Exception:
                if module:
                    try:
                        version = str(getattr(importlib.import_module(module), "__version__", None) or "") or None
                    except Exception:
                        pass
            found[dist] = version
        print("NMPI-SOFTWARE " + json.dumps(found))
        """;

    private readonly ConcurrentDictionary<string, Task<Struct>> _site = new(StringComparer.Ordinal);

    /// <summary>The package the backend comes from.</summary>
    public BackendPackage Backend { get; } = BackendPackage.For(backend);

    /// <summary>Distribution name to version for PyNN and the backend's package, as the interpreter sees them.</summary>
    public Task<Struct> ForAsync(string python) =>
        python == sitePython ? _site.GetOrAdd(python, ProbeAsync) : ProbeAsync(python);

    private async Task<Struct> ProbeAsync(string python)
    {
        var packages = new[] { BackendPackage.PyNN, Backend }.Distinct().ToArray();
        var software = new Struct();
        try
        {
            var found = await RunProbeAsync(python, packages.Select(p => $"{p.Distribution}:{p.Module}"));
            foreach (var package in packages)
            {
                var version = found.TryGetValue(package.Distribution, out var v) && v is not null ? v : NotInstalled;
                software.Fields[package.Distribution] = Value.ForString(version);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Provenance is a record, not a gate: a failed probe says so instead of failing the job's report.
            foreach (var package in packages)
            {
                software.Fields[package.Distribution] = Value.ForString($"unknown ({e.GetType().Name})");
            }
        }

        return software;
    }

    private static async Task<Dictionary<string, string?>> RunProbeAsync(string python, IEnumerable<string> specs)
    {
        using var group = ProcessGroup.Start(python, ["-c", Probe, .. specs], Path.GetTempPath(), new Dictionary<string, string>(StringComparer.Ordinal));
        var reading = group.StandardOutput.ReadToEndAsync();
        var errors = group.StandardError.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(ProbeLimit))
        {
            try
            {
                await group.WaitForExitAsync(limit.Token);
            }
            finally
            {
                group.KillRemaining();
            }
        }

        var output = await reading;
        await errors;
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{python} printed no package versions.");
        return JsonSerializer.Deserialize<Dictionary<string, string?>>(line[Marker.Length..])
            ?? throw new InvalidOperationException($"{python} printed no package versions.");
    }
}
