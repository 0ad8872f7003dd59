using Grpc.Net.Client;
using Nmpi.Api.V1;

namespace Nmpi.Client;

/// <summary>Signing in with a password, renewing the token, and the caller's account and collabs.</summary>
public sealed partial class NmpiClient
{
    // Read by the call interceptor on every call, so a renewed token is used from the next call on.
    private volatile string _token;

    /// <summary>The generated Accounts client, for calls this library does not wrap.</summary>
    public Accounts.AccountsClient Accounts { get; }

    /// <summary>The generated Collabs client, for calls this library does not wrap.</summary>
    public Collabs.CollabsClient Collabs { get; }

    /// <summary>The bearer token the client sends now (changed by <see cref="RenewTokenAsync"/>).</summary>
    public string Token => _token;

    /// <summary>
    /// Signs in with a username and password and returns a client that calls with the token it got; with a
    /// <paramref name="cache"/>, the token is kept there for <see cref="FromTokenCache"/> (and `nmpi`) to use later.
    /// </summary>
    public static async Task<NmpiClient> LoginAsync(Uri address, string username, string password, TokenCache? cache = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        using var channel = GrpcChannel.ForAddress(address);
        var login = await CallAsync(() => new Accounts.AccountsClient(channel)
            .LoginAsync(new LoginRequest { Username = username, Password = password }, cancellationToken: cancellationToken).ResponseAsync);
        cache?.Store(address.OriginalString, login.Token);
        return new NmpiClient(new NmpiClientOptions { Address = address, Token = login.Token, Username = login.UserId });
    }

    /// <summary>
    /// A client with the token cached for <paramref name="address"/> (else for the server signed in to last) by
    /// <see cref="LoginAsync"/> or `nmpi login`; <paramref name="cache"/> defaults to the current user's.
    /// </summary>
    /// <exception cref="NmpiException">No token is cached for that server, or the cache is damaged.</exception>
    public static NmpiClient FromTokenCache(Uri? address = null, TokenCache? cache = null, string? username = null)
    {
        cache ??= TokenCache.ForCurrentUser();
        var tokens = cache.Read();
        var server = address?.OriginalString ?? tokens.DefaultServer
            ?? throw new NmpiException($"No server signed in to yet (nothing in {cache.FilePath}): sign in with NmpiClient.LoginAsync or `nmpi login`.");
        return tokens.Tokens.TryGetValue(server, out var token)
            ? new NmpiClient(new NmpiClientOptions { Address = new Uri(server), Token = token, Username = username })
            : throw new NmpiException($"No token cached for {server} in {cache.FilePath}: sign in with NmpiClient.LoginAsync or `nmpi login`.");
    }

    /// <summary>Exchanges the current token for a fresh one, which the client sends from then on; returns its expiry.</summary>
    public async Task<DateTimeOffset> RenewTokenAsync(CancellationToken cancellationToken = default)
    {
        var renewed = await CallAsync(() => Accounts.RenewTokenAsync(new RenewTokenRequest(), Options(cancellationToken)).ResponseAsync);
        _token = renewed.Token;
        return renewed.ExpiresAt.ToDateTimeOffset();
    }

    /// <summary>
    /// Signs out on the server: revokes the token the client sends (and, with <paramref name="allSessions"/>, every
    /// other session token of the user); returns how many tokens were revoked. Not retried: a repeat after a lost
    /// answer would be refused as unauthenticated.
    /// </summary>
    public async Task<int> LogoutAsync(bool allSessions = false, CancellationToken cancellationToken = default) =>
        (await CallAsync(() => Accounts.LogoutAsync(new LogoutRequest { AllSessions = allSessions }, Options(cancellationToken)).ResponseAsync)).TokensRevoked;

    /// <summary>The caller's profile and collabs.</summary>
    public Task<WhoAmIResponse> WhoAmIAsync(CancellationToken cancellationToken = default) =>
        CallAsync(() => Accounts.WhoAmIAsync(new WhoAmIRequest(), Options(cancellationToken)).ResponseAsync);

    /// <summary>The caller's collabs with the caller's role in each, sorted by collab id.</summary>
    public async Task<IReadOnlyList<CollabMembership>> ListCollabsAsync(CancellationToken cancellationToken = default) =>
        (await CallAsync(() => Collabs.ListMyCollabsAsync(new ListMyCollabsRequest(), Options(cancellationToken)).ResponseAsync)).Collabs;

    /// <summary>A collab the caller may view, with its members.</summary>
    public Task<Collab> GetCollabAsync(string id, CancellationToken cancellationToken = default) =>
        CallAsync(() => Collabs.GetCollabAsync(new GetCollabRequest { Id = id }, Options(cancellationToken)).ResponseAsync);

    /// <summary>Creates a collab with the caller as its administrator (the title defaults to the id).</summary>
    public Task<Collab> CreateCollabAsync(string id, string? title = null, CancellationToken cancellationToken = default) =>
        CallAsync(() => Collabs.CreateCollabAsync(new CreateCollabRequest { Id = id, Title = title ?? "" }, Options(cancellationToken)).ResponseAsync);

    /// <summary>Adds a user to a collab the caller administers.</summary>
    public Task<Collab> AddMemberAsync(string collab, string user, CollabRole role, CancellationToken cancellationToken = default) =>
        CallAsync(() => Collabs.AddMemberAsync(new AddMemberRequest { CollabId = collab, UserId = user, Role = role }, Options(cancellationToken)).ResponseAsync);

    /// <summary>Changes a member's role in a collab the caller administers.</summary>
    public Task<Collab> SetMemberRoleAsync(string collab, string user, CollabRole role, CancellationToken cancellationToken = default) =>
        CallAsync(() => Collabs.SetMemberRoleAsync(new SetMemberRoleRequest { CollabId = collab, UserId = user, Role = role }, Options(cancellationToken)).ResponseAsync);

    /// <summary>Removes a member from a collab the caller administers.</summary>
    public Task<Collab> RemoveMemberAsync(string collab, string user, CancellationToken cancellationToken = default) =>
        CallAsync(() => Collabs.RemoveMemberAsync(new RemoveMemberRequest { CollabId = collab, UserId = user }, Options(cancellationToken)).ResponseAsync);
}
