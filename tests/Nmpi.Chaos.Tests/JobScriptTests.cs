using System.Diagnostics;
using Nmpi.Chaos.Analysis;
using Nmpi.Chaos.Load;

namespace Nmpi.Chaos.Tests;

/// <summary>The job script, run for real with Debian's python3: it writes a ledger the reader understands.</summary>
public sealed class JobScriptTests
{
    [Fact]
    public async Task Script_RunWithPython_WritesAStartTicksAndAnEnd_ThatReadAsOneEndedRun()
    {
        var directory = Directory.CreateTempSubdirectory("nmpi-chaos-script-").FullName;
        try
        {
            var ledger = Path.Combine(directory, "ledger.txt");
            File.WriteAllText(ledger, "");
            File.WriteAllText(Path.Combine(directory, "run.py"), JobScript.For("c1234-00001", 1, ledger));
            var info = new ProcessStartInfo("/usr/bin/python3", ["run.py", "mock"]) { WorkingDirectory = directory, RedirectStandardOutput = true };
            info.Environment["CHAOS_ADAPTER"] = "adapter1.2";
            using (var python = Process.Start(info)!)
            {
                await python.WaitForExitAsync();
                Assert.Equal(0, python.ExitCode);
            }

            var (runs, bad) = LedgerReader.Read(File.ReadAllLines(ledger));

            Assert.Equal(0, bad);
            var run = Assert.Single(Assert.Single(runs, r => r.Key == "c1234-00001").Value);
            Assert.True(run.Ended);
            Assert.Equal("adapter1.2", run.Adapter);
            Assert.InRange(run.End!.Value - run.Start, TimeSpan.FromSeconds(0.9), TimeSpan.FromMinutes(5));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void KeyOf_ReadsTheKeyFromTheScriptsFirstLine_AndNothingFromOtherScripts()
    {
        Assert.Equal("c1234-00007", JobScript.KeyOf(JobScript.For("c1234-00007", 3, "/tmp/l")));
        Assert.Null(JobScript.KeyOf("import pyNN\n"));
    }
}
