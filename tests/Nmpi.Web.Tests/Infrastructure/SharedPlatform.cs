using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Web.Tests.Infrastructure;

/// <summary>
/// One platform (the <see cref="WebPlatform"/> users and collabs) for the tests of a class that do not interfere: each
/// works on jobs, requests and identities of its own and asserts nothing about what others may have added, so the
/// silo is booted once per class instead of once per test. Tests that count what a collab holds start their own.
/// </summary>
public sealed class SharedPlatform : IAsyncLifetime
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private PlatformHost? _host;
    private SignInIssuer? _issuer;

    /// <summary>The class's platform, started by the first test that asks (the PostgreSQL fixture is the collection's).</summary>
    public Task<PlatformHost> StartAsync(PostgresFixture postgres) => StartAsync(postgres, withIssuer: false);

    /// <summary>The class's platform trusting the class's OpenID Connect provider, both started by the first test that asks.</summary>
    public async Task<(PlatformHost Host, SignInIssuer Issuer)> StartWithIssuerAsync(PostgresFixture postgres)
    {
        var host = await StartAsync(postgres, withIssuer: true);
        return (host, _issuer!);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }

        _starting.Dispose();
    }

    private async Task<PlatformHost> StartAsync(PostgresFixture postgres, bool withIssuer)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        await _starting.WaitAsync();
        try
        {
            if (_host is null)
            {
                _issuer = withIssuer ? await SignInIssuer.StartAsync() : null;
                _host = withIssuer ? await PlatformHost.StartAsync(postgres, _issuer!.Settings()) : await WebPlatform.StartAsync(postgres);
            }
            else if (withIssuer != (_issuer is not null))
            {
                // A class mixing both kinds would silently test the wrong platform.
                throw new InvalidOperationException("A class shares either a platform with an OpenID Connect provider or one without, not both.");
            }

            return _host;
        }
        finally
        {
            _starting.Release();
        }
    }
}
