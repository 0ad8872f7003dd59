using System.Globalization;

namespace Nmpi.Chaos;

/// <summary>What one chaos run does, read from the command line; every value is checked before anything starts.</summary>
public sealed class ChaosOptions
{
    /// <summary>The help text.</summary>
    public const string Usage = """
        nmpi-chaos: runs silos, gateways and site adapters of Nmpi.Orleans as processes, submits a steady load of
        jobs that record their runs in a ledger outside the platform, kills processes with SIGKILL and crash-restarts
        PostgreSQL on a schedule, drains, and prints what the ledger and the platform say happened.

          --duration S        seconds of load and faults (default 900; 100 with --smoke)
          --job-seconds A-B   each job runs a random whole number of seconds from A to B (default 20-60; 1-2 with --smoke)
          --rate R            jobs submitted per second (default 0.2; 0.5 with --smoke)
          --silos N           silo processes (default 3)
          --gateways N        gateway processes; clients know all of them (default 2)
          --adapters N        site adapter processes (default 2)
          --capacity C        jobs each adapter runs at once (default 8)
          --silo-kills N      silo kill -9s (default 30; 2 with --smoke)
          --adapter-kills N   adapter kill -9s (default 10; 2 with --smoke)
          --gateway-kills N   gateway kill -9s (default 5; 1 with --smoke)
          --postgres-crashes N  PostgreSQL immediate stops and starts (default 4; 1 with --smoke; 0 with --postgres)
          --lease S           the platform's lease duration in seconds, 5 or more (default 10; heartbeats every third of it)
          --drain S           seconds at most to wait after the load for every job to end (default 300)
          --smoke             a short run (about 3 minutes) for CI: short jobs, a few faults of each kind
          --postgres CS       a PostgreSQL server to use (a fresh database is made) instead of a private one;
                              nothing crashes it then
          --keep              keep the run's directory (logs, ledger) after a clean run
        """;

    /// <summary>Seconds of load and faults.</summary>
    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(900);

    /// <summary>The shortest job, in whole seconds.</summary>
    public int JobSecondsMin { get; private set; } = 20;

    /// <summary>The longest job, in whole seconds.</summary>
    public int JobSecondsMax { get; private set; } = 60;

    /// <summary>Jobs submitted per second.</summary>
    public double Rate { get; private set; } = 0.2;

    /// <summary>Silo processes.</summary>
    public int Silos { get; private set; } = 3;

    /// <summary>Gateway processes.</summary>
    public int Gateways { get; private set; } = 2;

    /// <summary>Site adapter processes.</summary>
    public int Adapters { get; private set; } = 2;

    /// <summary>Jobs each adapter runs at once.</summary>
    public int Capacity { get; private set; } = 8;

    /// <summary>How many faults of each kind the run injects.</summary>
    public IReadOnlyDictionary<FaultKind, int> Faults => _faults;

    /// <summary>The lease duration the platform runs with.</summary>
    public TimeSpan Lease { get; private set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long at most the drain waits for every job to end.</summary>
    public TimeSpan Drain { get; private set; } = TimeSpan.FromSeconds(300);

    /// <summary>Whether this is the short CI run.</summary>
    public bool Smoke { get; private set; }

    /// <summary>A PostgreSQL server given by the caller; null starts a private one.</summary>
    public string? Postgres { get; private set; }

    /// <summary>Whether the run's directory is kept after a clean run.</summary>
    public bool Keep { get; private set; }

    /// <summary>Whether --help was asked for.</summary>
    public bool Help { get; private set; }

    private readonly Dictionary<FaultKind, int> _faults = new()
    {
        [FaultKind.Silo] = 30,
        [FaultKind.Adapter] = 10,
        [FaultKind.Gateway] = 5,
        [FaultKind.Postgres] = 4,
    };

    /// <summary>Reads the arguments; throws <see cref="ArgumentException"/> with a specific message on bad input.</summary>
    public static ChaosOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ChaosOptions();
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            switch (name)
            {
                case "--smoke": options.Smoke = true; continue;
                case "--keep": options.Keep = true; continue;
                case "--help" or "-h": options.Help = true; continue;
            }

            if (!name.StartsWith("--", StringComparison.Ordinal) || !Names.Contains(name))
            {
                throw new ArgumentException($"unknown argument: {name}");
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{name} needs a value");
            }

            given[name] = args[++i];
        }

        if (options.Smoke)
        {
            options.Duration = TimeSpan.FromSeconds(100);
            (options.JobSecondsMin, options.JobSecondsMax) = (1, 2);
            options.Rate = 0.5;
            options._faults[FaultKind.Silo] = 2;
            options._faults[FaultKind.Adapter] = 2;
            options._faults[FaultKind.Gateway] = 1;
            options._faults[FaultKind.Postgres] = 1;
        }

        options.Apply(given);
        return options;
    }

    private static readonly HashSet<string> Names =
    [
        "--duration", "--job-seconds", "--rate", "--silos", "--gateways", "--adapters", "--capacity", "--silo-kills",
        "--adapter-kills", "--gateway-kills", "--postgres-crashes", "--lease", "--drain", "--postgres",
    ];

    private void Apply(Dictionary<string, string> given)
    {
        if (given.TryGetValue("--postgres", out var postgres))
        {
            Postgres = string.IsNullOrWhiteSpace(postgres) ? throw new ArgumentException("--postgres needs a connection string") : postgres;
            _faults[FaultKind.Postgres] = 0;
        }

        foreach (var (name, value) in given)
        {
            switch (name)
            {
                case "--duration": Duration = TimeSpan.FromSeconds(Whole(name, value, 10, 86_400)); break;
                case "--job-seconds": (JobSecondsMin, JobSecondsMax) = Range(name, value); break;
                case "--rate": Rate = Number(name, value, 0.01, 20); break;
                case "--silos": Silos = Whole(name, value, 1, 9); break;
                case "--gateways": Gateways = Whole(name, value, 1, 4); break;
                case "--adapters": Adapters = Whole(name, value, 1, 9); break;
                case "--capacity": Capacity = Whole(name, value, 1, 64); break;
                case "--silo-kills": _faults[FaultKind.Silo] = Whole(name, value, 0, 1000); break;
                case "--adapter-kills": _faults[FaultKind.Adapter] = Whole(name, value, 0, 1000); break;
                case "--gateway-kills": _faults[FaultKind.Gateway] = Whole(name, value, 0, 1000); break;
                case "--postgres-crashes": _faults[FaultKind.Postgres] = Whole(name, value, 0, 1000); break;
                case "--lease": Lease = TimeSpan.FromSeconds(Whole(name, value, 5, 600)); break;
                case "--drain": Drain = TimeSpan.FromSeconds(Whole(name, value, 10, 3600)); break;
            }
        }

        if (Postgres is not null && _faults[FaultKind.Postgres] > 0)
        {
            throw new ArgumentException("--postgres-crashes needs a private PostgreSQL: a server given by --postgres is never crashed");
        }

        if (Silos < 2 && _faults[FaultKind.Silo] > 0)
        {
            throw new ArgumentException("--silo-kills needs --silos 2 or more: with one silo a kill stops the platform");
        }

        if (Gateways < 2 && _faults[FaultKind.Gateway] > 0)
        {
            throw new ArgumentException("--gateway-kills needs --gateways 2 or more: clients fail over to another gateway");
        }
    }

    private static int Whole(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{value}'");

    private static double Number(string name, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new ArgumentException($"{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not '{value}'");

    private static (int Min, int Max) Range(string name, string value)
    {
        var parts = value.Split('-');
        if (parts.Length != 2)
        {
            throw new ArgumentException($"{name} must be A-B in whole seconds (e.g. 20-60), not '{value}'");
        }

        var (min, max) = (Whole(name, parts[0], 1, 3600), Whole(name, parts[1], 1, 3600));
        return min <= max ? (min, max) : throw new ArgumentException($"{name}: the first number must not be larger than the second ('{value}')");
    }
}
