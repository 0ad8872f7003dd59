namespace Nmpi.Silo.Hosting.Startup;

/// <summary>How long and how often a silo retries its start-up through outages (configuration section Nmpi:Startup).</summary>
public sealed class StartupOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string SectionName = "Nmpi:Startup";

    /// <summary>After this long without a successful start the process gives up and exits non-zero.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The pause after the first failed attempt; each further pause doubles it.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest pause between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads the options from configuration and refuses values that could never start.</summary>
    public static StartupOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(SectionName).Get<StartupOptions>() ?? new StartupOptions();
        if (options.Deadline <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:Deadline must be positive (it was {options.Deadline}).");
        }

        if (options.FirstRetryDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.FirstRetryDelay)
        {
            throw new InvalidOperationException($"{SectionName}:FirstRetryDelay must be positive and at most {SectionName}:MaxRetryDelay.");
        }

        return options;
    }
}
