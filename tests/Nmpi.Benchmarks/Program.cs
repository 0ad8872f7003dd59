using Nmpi.Benchmarks;

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(BenchmarkOptions.Usage);
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
    if (options.LoginBurst)
    {
        return await new LoginBurstBenchmark(options, Console.Out).RunAsync(abort.Token) ? 0 : 1;
    }

    if (options.ListingJobs > 0)
    {
        return await new ListingBenchmark(options, Console.Out).RunAsync(abort.Token) ? 0 : 1;
    }

    var result = await new BenchmarkRun(options, Console.Out).RunAsync(abort.Token);
    BenchmarkReport.Print(result, Console.Out);
    return BenchmarkReport.Verdict(result) is null ? 0 : 1;
}
catch (OperationCanceledException) when (abort.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted.");
    return 130;
}
