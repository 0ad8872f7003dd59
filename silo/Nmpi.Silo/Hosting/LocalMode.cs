using Nmpi.Silo.Storage;

namespace Nmpi.Silo.Hosting;

/// <summary>
/// Single-node local mode: a private PostgreSQL in the data directory, one silo with the gateway and the
/// dashboard, and one user and one adapter key for every platform. Ctrl-C stops everything.
/// </summary>
public static class LocalMode
{
    /// <summary>The local user's name and collab.</summary>
    public const string User = "local-user";

    /// <summary>The collab the local user edits.</summary>
    public const string Collab = "local";

    /// <summary>Runs the local platform until Ctrl-C.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = new ConfigurationBuilder().AddCommandLine(args).AddEnvironmentVariables().Build();
        var dataDirectory = Path.GetFullPath(settings["Nmpi:Local:DataDirectory"] ?? Path.Combine(".nmpi", "local"));
        var postgresPort = int.Parse(settings["Nmpi:Local:PostgresPort"] ?? "54329", System.Globalization.CultureInfo.InvariantCulture);
        Directory.CreateDirectory(dataDirectory);

        await using var postgres = new LocalPostgres(Path.Combine(dataDirectory, "postgres"), postgresPort);
        var connectionString = await postgres.StartAsync("nmpi");
        var secrets = LocalSecrets.LoadOrCreate(dataDirectory);
        var options = new SiloHostOptions();

        var app = await SiloRunner.StartAsync(args, configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Nmpi"] = connectionString,
            ["Orleans:ClusterId"] = "nmpi-local",
            ["Nmpi:Gateway:ArtifactDirectory"] = Path.Combine(dataDirectory, "artifacts"),
            ["Nmpi:Gateway:CapabilityBaseAddress"] = configuration["Nmpi:Silo:HttpUrl"] ?? options.HttpUrl,
            ["Nmpi:Gateway:SigningKey"] = secrets.SigningKey,
            ["Nmpi:Auth:Users:0:Token"] = secrets.UserToken,
            ["Nmpi:Auth:Users:0:UserId"] = User,
            ["Nmpi:Auth:Users:0:Admin"] = "true",
            [$"Nmpi:Auth:Users:0:Collabs:{Collab}"] = "administrator",
            ["Nmpi:Auth:AdapterKeys:0:Key"] = secrets.AdapterKey,
            ["Nmpi:Auth:AdapterKeys:0:Site"] = "local",
            ["Nmpi:Auth:AdapterKeys:0:Platforms:0"] = "BrainScaleS",
            ["Nmpi:Auth:AdapterKeys:0:Platforms:1"] = "SpiNNaker",
            ["Nmpi:Auth:AdapterKeys:0:Platforms:2"] = "BrainScaleS-ESS",
            ["Nmpi:Auth:AdapterKeys:0:Platforms:3"] = "Spikey",
        }));

        var silo = app.Configuration.GetSection("Nmpi:Silo").Get<SiloHostOptions>() ?? options;
        Console.WriteLine($"""

            Nmpi.Orleans is running in local mode (data in {dataDirectory}).
              gRPC gateway (nmpi.v1, health, reflection): {silo.GrpcUrl}
              output downloads (capability URLs):         {silo.HttpUrl}/outputs/...
              Orleans dashboard:                          {silo.DashboardUrl}/dashboard
              PostgreSQL:                                 {connectionString}
              user token ({User}, collab '{Collab}'):     {secrets.UserToken}
              adapter key (site 'local', all platforms):  {secrets.AdapterKey}

            Try: open {silo.DashboardUrl}/dashboard in a browser, or send a SubmitJob to {silo.GrpcUrl}
                 with the header "authorization: Bearer {secrets.UserToken}".
            Ctrl-C stops the platform and its PostgreSQL; the next start finds its jobs again.
            """);

        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }
}
