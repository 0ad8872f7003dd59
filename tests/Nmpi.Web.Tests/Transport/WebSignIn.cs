using System.Net;
using System.Text.RegularExpressions;

namespace Nmpi.Web.Tests.Transport;

/// <summary>
/// The web sign-in form driven over raw HTTP (no browser), so a test can add the headers a proxy or an attacker sends
/// and read every Set-Cookie and response header as sent.
/// </summary>
public sealed partial class WebSignIn : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>A client for <paramref name="baseUrl"/>; <paramref name="handler"/> may trust a test CA (HTTPS).</summary>
    public WebSignIn(string baseUrl, SocketsHttpHandler? handler = null)
    {
        BaseUrl = baseUrl.TrimEnd('/');
        handler ??= new SocketsHttpHandler();
        // Cookies are read and sent by hand: the cookie store would hide the attributes this test checks.
        handler.UseCookies = false;
        handler.AllowAutoRedirect = false;
        _http = new HttpClient(handler);
    }

    /// <summary>The address the form is fetched from.</summary>
    public string BaseUrl { get; }

    /// <summary>
    /// Fetches the form and posts it; <paramref name="forwarded"/> are extra headers on both requests (X-Forwarded-For,
    /// X-Forwarded-Proto). Returns the form page's response and the post's response.
    /// </summary>
    public async Task<(HttpResponseMessage Form, HttpResponseMessage Posted)> SignInAsync(string user, string password, params (string Name, string Value)[] forwarded)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, BaseUrl + "/app/signin");
        Add(get, forwarded);
        var form = await _http.SendAsync(get);
        var antiforgery = Cookies(form).Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        var field = HiddenField().Match(await form.Content.ReadAsStringAsync());
        Assert.True(field.Success, "the sign-in form carries its anti-forgery field");

        using var post = new HttpRequestMessage(HttpMethod.Post, BaseUrl + "/app/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [WebUtility.HtmlDecode(field.Groups[1].Value)] = WebUtility.HtmlDecode(field.Groups[2].Value),
                ["username"] = user,
                ["password"] = password,
            }),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        Add(post, forwarded);
        return (form, await _http.SendAsync(post));
    }

    /// <summary>The Set-Cookie headers of a response.</summary>
    public static IReadOnlyList<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];

    /// <summary>The Set-Cookie header of the cookie <paramref name="name"/>.</summary>
    public static string Cookie(HttpResponseMessage response, string name) =>
        Cookies(response).Single(c => c.StartsWith(name + "=", StringComparison.Ordinal));

    /// <summary>Whether a Set-Cookie header carries the Secure attribute.</summary>
    public static bool IsSecure(string setCookie) =>
        setCookie.Split(';').Any(a => a.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    public void Dispose() => _http.Dispose();

    private static void Add(HttpRequestMessage request, (string Name, string Value)[] headers)
    {
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\"")]
    private static partial Regex HiddenField();
}
