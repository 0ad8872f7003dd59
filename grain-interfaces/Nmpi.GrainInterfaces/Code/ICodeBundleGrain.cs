namespace Nmpi.GrainInterfaces.Code;

/// <summary>One code bundle, keyed by its id: stores it once in the code bundles table and answers it from memory after.</summary>
[Alias("nmpi.ICodeBundleGrain")]
public interface ICodeBundleGrain : IGrainWithStringKey
{
    /// <summary>Stores the bundle unless one with its id exists; answers the stored bundle only after the commit.</summary>
    [Alias("Create")]
    Task<CodeBundle> CreateAsync(CodeBundle bundle);

    /// <summary>Returns the bundle, or null when no bundle has this id.</summary>
    [Alias("Get")]
    Task<CodeBundle?> GetAsync();
}
