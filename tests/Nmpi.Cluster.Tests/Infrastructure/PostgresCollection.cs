namespace Nmpi.Cluster.Tests.Infrastructure;

/// <summary>The cluster tests share one PostgreSQL server and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
