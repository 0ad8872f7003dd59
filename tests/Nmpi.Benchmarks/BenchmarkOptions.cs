using System.Globalization;

namespace Nmpi.Benchmarks;

/// <summary>What one benchmark run does, read from the command line.</summary>
public sealed class BenchmarkOptions
{
    public const string Usage = """
        nmpi-bench: submit throughput and submit-to-lease latency of Nmpi.Orleans, with a PostgreSQL reference.

          --clients N        concurrent SubmitJob loops (default 32; 8 with --smoke)
          --duration S       measured seconds (default 30; 10 with --smoke)
          --warmup S|auto    unmeasured seconds before; auto (the default) waits, 3 s at least and 90 s at most,
                             until JIT compilation in this process, silo included, took under 5 % of a core over
                             3 s (default 1 with --smoke; 3 with --endpoint, whose JIT is in another process)
          --rate R           total submits per second, paced (default: as fast as acknowledged)
          --channels K       shared gRPC channels (HTTP/2 connections) for the submitters (default 2)
          --adapters A       adapters leasing and completing at the same time (default 2)
          --capacity C       jobs each adapter holds at once (default 128)
          --max-jobs M       max_jobs of each LeaseJobs call (default 32)
          --drain S          seconds after the submits end for the adapters to take what is queued (default 10)
          --pg-duration S    seconds of the PostgreSQL single-row INSERT reference (default min(duration, 10); 0 skips)
          --smoke            a short run with fewer clients, to check that everything works
          --postgres CS      a PostgreSQL server to use (a fresh database is made and dropped) instead of a private one
          --endpoint URL     drive a running gateway instead of starting a platform (needs --token and --adapter-key)
          --token T          user bearer token for --endpoint
          --adapter-key K    site adapter key for --endpoint
          --collab C         collab to submit to (default bench; with --endpoint the token's user must be its editor)
          --collabs K        spread the submits over K collabs, C-0 to C-(K-1), each with its own quota (default 1:
                             all to C; with --endpoint the token's user must be an editor of each)
          --platform P       hardware platform of the jobs and adapters (default SpiNNaker)
          --listing N        instead: fill the jobs table with N generated jobs and time ListJobs listings on it
                             (not with --endpoint)
          --login-burst      instead: measure other users' and adapters' call latency before and during a burst of
                             failed logins from --clients loops, each phase --duration long (not with --endpoint)
          --keep-database    leave the run's database on the --postgres server (to EXPLAIN its queries afterwards)
        """;

    public int Clients { get; private set; } = 32;

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(30);

    /// <summary>The warm-up's fixed length; null waits until the JIT has settled (<see cref="Nmpi.Benchmarks.Warmup"/>).</summary>
    public TimeSpan? Warmup { get; private set; }

    /// <summary>Total submits per second; null runs closed-loop (each client sends as soon as its last call is answered).</summary>
    public double? Rate { get; private set; }

    public int Channels { get; private set; } = 2;

    public int Adapters { get; private set; } = 2;

    public int Capacity { get; private set; } = 128;

    public int MaxJobs { get; private set; } = 32;

    public TimeSpan Drain { get; private set; } = TimeSpan.FromSeconds(10);

    public TimeSpan PostgresDuration { get; private set; }

    public bool Smoke { get; private set; }

    public string? Postgres { get; private set; }

    public string? Endpoint { get; private set; }

    public string? Token { get; private set; }

    public string? AdapterKey { get; private set; }

    public string Collab { get; private set; } = "bench";

    public string Platform { get; private set; } = "SpiNNaker";

    /// <summary>How many collabs the submits are spread over (one quota row each).</summary>
    public int Collabs { get; private set; } = 1;

    /// <summary>The collabs submitted to: --collab alone, or --collab-0 to --collab-(K-1).</summary>
    public IReadOnlyList<string> SubmitCollabs =>
        Collabs == 1 ? [Collab] : [.. Enumerable.Range(0, Collabs).Select(i => $"{Collab}-{i}")];

    /// <summary>True to run the login burst benchmark instead of the submit benchmark.</summary>
    public bool LoginBurst { get; private set; }

    /// <summary>Jobs to generate for the listing benchmark; 0 runs the submit benchmark.</summary>
    public int ListingJobs { get; private set; }

    public bool KeepDatabase { get; private set; }

    public bool Help { get; private set; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a readable message on a bad one.</summary>
    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions();
        var given = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            given.Add(name);
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--clients": options.Clients = Positive(name, Value()); break;
                case "--duration": options.Duration = Seconds(name, Value(), allowZero: false); break;
                case "--warmup": options.Warmup = Value() is "auto" ? null : Seconds(name, args[i], allowZero: true); break;
                case "--rate": options.Rate = PositiveDouble(name, Value()); break;
                case "--channels": options.Channels = Positive(name, Value()); break;
                case "--adapters": options.Adapters = Positive(name, Value()); break;
                case "--capacity": options.Capacity = Positive(name, Value()); break;
                case "--max-jobs": options.MaxJobs = Positive(name, Value()); break;
                case "--drain": options.Drain = Seconds(name, Value(), allowZero: true); break;
                case "--pg-duration": options.PostgresDuration = Seconds(name, Value(), allowZero: true); break;
                case "--smoke": options.Smoke = true; break;
                case "--postgres": options.Postgres = Value(); break;
                case "--endpoint": options.Endpoint = Value(); break;
                case "--token": options.Token = Value(); break;
                case "--adapter-key": options.AdapterKey = Value(); break;
                case "--collab": options.Collab = Value(); break;
                case "--collabs": options.Collabs = Positive(name, Value()); break;
                case "--platform": options.Platform = Value(); break;
                case "--listing": options.ListingJobs = Positive(name, Value()); break;
                case "--keep-database": options.KeepDatabase = true; break;
                case "--login-burst": options.LoginBurst = true; break;
                case "--help" or "-h": options.Help = true; break;
                default: throw new ArgumentException($"Unknown option '{name}'.");
            }
        }

        if (options.Smoke)
        {
            options.Duration = given.Contains("--duration") ? options.Duration : TimeSpan.FromSeconds(10);
            options.Clients = given.Contains("--clients") ? options.Clients : 8;
            options.Warmup = given.Contains("--warmup") ? options.Warmup : TimeSpan.FromSeconds(1);
        }
        else if (options.Endpoint is not null && !given.Contains("--warmup"))
        {
            options.Warmup = TimeSpan.FromSeconds(3);
            options.Drain = given.Contains("--drain") ? options.Drain : TimeSpan.FromSeconds(5);
        }

        if (!given.Contains("--pg-duration"))
        {
            options.PostgresDuration = options.Duration < TimeSpan.FromSeconds(10) ? options.Duration : TimeSpan.FromSeconds(10);
        }

        if (options.Endpoint is not null && (options.Token is null || options.AdapterKey is null))
        {
            throw new ArgumentException("--endpoint needs --token and --adapter-key.");
        }

        if (options.KeepDatabase && options.Postgres is null)
        {
            throw new ArgumentException("--keep-database needs --postgres: a private PostgreSQL is removed with its run.");
        }

        if (options.LoginBurst && options.Endpoint is not null)
        {
            throw new ArgumentException("--login-burst starts a platform of its own (its throttle must start empty): leave out --endpoint.");
        }

        if (options.ListingJobs > 0 && options.Endpoint is not null)
        {
            throw new ArgumentException("--listing fills the jobs table directly, so it needs a platform of its own: leave out --endpoint.");
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive integer, not '{value}'.");

    private static double PositiveDouble(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0 && double.IsFinite(x)
            ? x
            : throw new ArgumentException($"{name} must be a positive number, not '{value}'.");

    private static TimeSpan Seconds(string name, string value, bool allowZero)
    {
        var text = value.EndsWith('s') ? value[..^1] : value;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && double.IsFinite(seconds) && (seconds > 0 || (allowZero && seconds == 0)) && seconds <= 86_400)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        throw new ArgumentException($"{name} must be a number of seconds{(allowZero ? "" : " above 0")}, not '{value}'.");
    }
}
