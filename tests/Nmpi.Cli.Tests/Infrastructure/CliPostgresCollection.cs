using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cli.Tests.Infrastructure;

/// <summary>The nmpi tests share one PostgreSQL server (xunit reads collection definitions of this assembly only).</summary>
[CollectionDefinition(Name)]
public sealed class CliPostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "cli-postgres";
}
