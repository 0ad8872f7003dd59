return await Nmpi.Cli.NmpiCommandLine.RunAsync(args);
