namespace Nmpi.Adapters.Tests;

/// <summary>Runs the zip directory attacks without other tests allocating beside them.</summary>
[CollectionDefinition(ZipDirectoryAttackTests.Alone, DisableParallelization = true)]
public sealed class ZipDirectoryAttackCollection;
