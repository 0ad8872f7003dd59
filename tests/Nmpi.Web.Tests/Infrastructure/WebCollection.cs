using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Web.Tests.Infrastructure;

/// <summary>The browser tests share one PostgreSQL server (each platform gets its own database) and one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<PostgresFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "web";
}
