using Nmpi.Silo.Hosting;
using Nmpi.Silo.Hosting.Startup;

// `nmpi-silo local` runs the single-node platform; `nmpi-silo` runs one silo of a cluster.
if (args.Length > 0 && args[0] == "local")
{
    return await LocalMode.RunAsync(args[1..]);
}

WebApplication app;
try
{
    app = await SiloRunner.StartAsync(args);
}
catch (StartupDeadlineExceededException deadline)
{
    // One clear line for whoever runs the silo (systemd, the cluster scripts); exit code 3 tells it from a crash.
    await Console.Error.WriteLineAsync(deadline.Message);
    return 3;
}

await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;
