using Nmpi.Chaos;

ChaosOptions options;
try
{
    options = ChaosOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(ChaosOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(ChaosOptions.Usage);
    return 0;
}

using var abort = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    abort.Cancel();
};

try
{
    var (summary, violations) = await new ChaosRun(options, Console.Out).RunAsync(abort.Token);
    ChaosReport.Print(summary, Console.Out);
    Console.WriteLine(violations.Count == 0 ? "chaos verdict: PASS" : $"chaos verdict: FAIL ({string.Join(", ", violations)})");
    return violations.Count == 0 ? 0 : 1;
}
catch (InvalidOperationException error)
{
    // The platform did not start, a binary is missing, PostgreSQL could not be started or crashed: no verdict.
    Console.Error.WriteLine($"chaos run failed: {error.Message}");
    Console.WriteLine("chaos verdict: FAIL (the run could not be completed)");
    return 1;
}
catch (OperationCanceledException) when (abort.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted.");
    return 130;
}
