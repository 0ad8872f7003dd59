namespace Nmpi.Adapters;

/// <summary>The content type an output file is uploaded with, from its extension.</summary>
public static class OutputContentTypes
{
    private const string Binary = "application/octet-stream";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = "text/plain",
        [".log"] = "text/plain",
        [".out"] = "text/plain",
        [".csv"] = "text/csv",
        [".tsv"] = "text/tab-separated-values",
        [".json"] = "application/json",
        [".yaml"] = "application/yaml",
        [".yml"] = "application/yaml",
        [".xml"] = "application/xml",
        [".html"] = "text/html",
        [".py"] = "text/x-python",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".svg"] = "image/svg+xml",
        [".pdf"] = "application/pdf",
        [".zip"] = "application/zip",
        [".gz"] = "application/gzip",
        [".h5"] = "application/x-hdf5",
        [".hdf5"] = "application/x-hdf5",
        [".nc"] = "application/x-netcdf",
    };

    /// <summary>The content type for the path; application/octet-stream when the extension is unknown (.npz, .pkl, …).</summary>
    public static string For(string path) =>
        ByExtension.TryGetValue(Path.GetExtension(path), out var type) ? type : Binary;
}
