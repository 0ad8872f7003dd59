using Nmpi.Silo.Hosting;

// `nmpi-silo local` runs the single-node platform; `nmpi-silo` runs one silo of a cluster.
if (args.Length > 0 && args[0] == "local")
{
    return await LocalMode.RunAsync(args[1..]);
}

var app = await SiloRunner.StartAsync(args);
await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;
