namespace Nmpi.Client;

/// <summary>Where a job's code comes from: inline text, an uploaded code bundle, a git repository or an archive URL.</summary>
public abstract record JobSource
{
    private protected JobSource()
    {
    }

    /// <summary>The script itself (at most 1 MiB); it is written as the command's script at the site.</summary>
    public static JobSource Inline(string code) => new InlineJobSource(code);

    /// <summary>A local script file, sent inline.</summary>
    public static JobSource ScriptFile(string path) => new InlineJobSource(File.ReadAllText(path));

    /// <summary>A public git repository, cloned with depth 1 at the site.</summary>
    public static JobSource Git(string url) => new GitJobSource(url);

    /// <summary>A zip, tar.gz or tgz archive the site downloads and extracts.</summary>
    public static JobSource Archive(string url) => new ArchiveJobSource(url);

    /// <summary>A local folder: SubmitAsync uploads it (only files the platform lacks) as a bundle of the job's collab.</summary>
    public static JobSource Folder(string path) => new FolderJobSource(path);

    /// <summary>A code bundle uploaded to the platform before.</summary>
    public static JobSource Bundle(string artifactId) => new BundleJobSource(artifactId);

    internal abstract Api.V1.JobCode ToCode();
}
