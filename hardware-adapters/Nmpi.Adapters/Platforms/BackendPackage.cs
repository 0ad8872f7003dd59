namespace Nmpi.Adapters.Platforms;

/// <summary>The Python distribution that provides a PyNN backend, and the module to import when its metadata is missing.</summary>
/// <param name="Distribution">The distribution name, as pip and importlib.metadata know it.</param>
/// <param name="Module">A module whose __version__ stands in when the distribution has no metadata (NEST is built, not pip-installed).</param>
public sealed record BackendPackage(string Distribution, string? Module)
{
    /// <summary>The distribution of PyNN itself.</summary>
    public static readonly BackendPackage PyNN = new("PyNN", "pyNN");

    /// <summary>The package behind a PyNN backend name; mock ships inside PyNN; an unknown name is taken as a distribution name.</summary>
    public static BackendPackage For(string backend) => backend switch
    {
        "mock" => PyNN,
        "brian2" => new("Brian2", "brian2"),
        "nest" => new("nest-simulator", "nest"),
        "neuron" => new("NEURON", "neuron"),
        "spiNNaker" => new("sPyNNaker", "spynnaker"),
        _ => new(backend, null),
    };
}
