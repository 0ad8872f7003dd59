using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nmpi.Adapters.Execution;

namespace Nmpi.Adapters.Tests;

/// <summary>
/// The operator's warmed Cython/Brian2 cache under a real sandbox: a job reads its compiled modules and compiles new
/// ones into a cache of its own, but cannot change, replace or add a file that a later job of another user would run.
/// </summary>
public sealed class SharedCacheAttackTests : IDisposable
{
    private const string Module = "_cython_magic_0123abcd.so";

    private readonly string _shared = Directory.CreateTempSubdirectory("nmpi-cache-").FullName;
    private readonly string _job = Directory.CreateTempSubdirectory("nmpi-cache-job-").FullName;

    [Fact]
    public async Task Job_TryingToPlantCodeInTheSharedCache_ChangesNothingThere_AndStillCompilesIntoItsOwn()
    {
        // As warm-brian2.sh leaves it: readable by everyone, writable by the operator only.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_shared, (UnixFileMode)0b111_101_101);
        }

        var extensions = Directory.CreateDirectory(Path.Combine(_shared, "brian_extensions")).FullName;
        await File.WriteAllTextAsync(Path.Combine(extensions, Module), "compiled by the operator");
        using var sandbox = new JobSandbox(Options.Create(new AdapterOptions
        {
            Name = $"test-{Guid.NewGuid():N}"[..16],
            NetworkIsolation = NetworkIsolation.Required,
            SharedCythonCache = _shared,
        }), NullLogger<JobSandbox>.Instance);
        var script = $$"""
            import os
            own = os.path.join(os.environ["CYTHON_CACHE_DIR"], "brian_extensions")
            print("reads:", open(os.path.join(own, "{{Module}}")).read())
            def attempt(what, action):
                try:
                    action()
                    print(what + ": done")
                except OSError as e:
                    print(what + ": refused", e.errno)
            attempt("overwrite through the link", lambda: open(os.path.join(own, "{{Module}}"), "w").write("planted"))
            attempt("overwrite in place", lambda: open("{{extensions}}/{{Module}}", "w").write("planted"))
            attempt("remove in place", lambda: os.remove("{{extensions}}/{{Module}}"))
            attempt("add in place", lambda: open("{{extensions}}/_cython_magic_new.so", "w").write("planted"))
            attempt("compile a new model", lambda: open(os.path.join(own, "_cython_magic_new.so"), "w").write("mine"))
            """;

        var run = await SandboxRun.RunAsync(sandbox, _job, script, "marker");

        Assert.True(run.ExitCode == 0, run.Errors);
        Assert.Contains("reads: compiled by the operator", run.Output, StringComparison.Ordinal);
        Assert.Contains("overwrite through the link: refused", run.Output, StringComparison.Ordinal);
        Assert.Contains("overwrite in place: refused", run.Output, StringComparison.Ordinal);
        Assert.Contains("remove in place: refused", run.Output, StringComparison.Ordinal);
        Assert.Contains("add in place: refused", run.Output, StringComparison.Ordinal);
        Assert.Contains("compile a new model: done", run.Output, StringComparison.Ordinal);
        Assert.Equal("compiled by the operator", await File.ReadAllTextAsync(Path.Combine(extensions, Module)));
        Assert.Equal([Module], Directory.EnumerateFiles(extensions).Select(Path.GetFileName));
    }

    public void Dispose()
    {
        Directory.Delete(_shared, recursive: true);
        Directory.Delete(_job, recursive: true);
    }
}
