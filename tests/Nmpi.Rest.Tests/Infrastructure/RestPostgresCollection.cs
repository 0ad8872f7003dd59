using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Rest.Tests.Infrastructure;

/// <summary>The REST tests share one PostgreSQL server (each platform gets its own database).</summary>
[CollectionDefinition(Name)]
public sealed class RestPostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "rest-postgres";
}
