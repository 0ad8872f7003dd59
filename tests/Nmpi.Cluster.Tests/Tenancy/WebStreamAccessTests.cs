using System.Net;
using System.Text;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Accounts;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Tenancy;

/// <summary>
/// The Job Manager's Server-Sent Events ride on the streaming RPCs in-process: when the signed-in user is removed from the
/// collab, the event stream ends and the browser's reconnect gets the 404 a new request gets. Plain HTTP over loopback,
/// the session cookie as a browser sends it; the stream re-check runs every second here.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WebStreamAccessTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task JobListChanges_OfAMemberRemovedFromTheCollab_EndsTheConnection_AndTheReconnectGets404()
    {
        await using var host = await StartAsync();
        using var http = Browser(host, PlatformHost.BobToken, "bob");
        var path = "/app/collabs/neuro/jobs/changes";
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        var events = new EventText(body);
        await events.WaitForAsync(": following", Within);
        // A change the list shows: once its event came, the list has looked and waits on the feed alone.
        await host.Jobs(PlatformHost.AliceToken).SubmitJobAsync(JobRequests.Inline());
        await events.WaitForAsync("event: change", Within);

        await host.Collabs(PlatformHost.AdminToken).RemoveMemberAsync(new RemoveMemberRequest { CollabId = "neuro", UserId = "bob" });
        await events.WaitForEndAsync(Within);
        using var reconnect = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, reconnect.StatusCode);
    }

    [Fact]
    public async Task JobEvents_OfAMemberRemovedFromTheCollab_EndTheConnection_AndTheReconnectGets404()
    {
        await using var host = await StartAsync();
        var adapter = await TestAdapter.RegisterAsync(host, "web-site", "SpiNNaker");
        var (job, leased) = await adapter.SubmitAndStartAsync(host.Jobs(PlatformHost.AliceToken), JobRequests.Inline());
        using var http = Browser(host, PlatformHost.BobToken, "bob");
        var path = $"/app/jobs/{job.Id}/events";
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        var events = new EventText(body);
        await adapter.AppendLogAsync(leased.Lease, 0, "before\n");
        await events.WaitForAsync("before", Within);

        await host.Collabs(PlatformHost.AdminToken).RemoveMemberAsync(new RemoveMemberRequest { CollabId = "neuro", UserId = "bob" });
        await events.WaitForEndAsync(Within);
        await adapter.AppendLogAsync(leased.Lease, 1, "after the end\n");
        using var reconnect = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, reconnect.StatusCode);
        Assert.DoesNotContain("after the end", events.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("event: end", events.Text, StringComparison.Ordinal);
    }

    // The list's own slow look (FeedRecheck) is pushed out of reach, so only the lost feed can end the connection.
    private Task<PlatformHost> StartAsync() => PlatformHost.StartAsync(postgres, new Dictionary<string, string?>
    {
        ["Nmpi:Gateway:StreamRecheck"] = "00:00:01",
        ["Nmpi:JobManager:JobList:FeedRecheck"] = "00:30:00",
    });

    /// <summary>An HTTP client that sends the session cookies a signed-in browser sends to the pages.</summary>
    private static HttpClient Browser(PlatformHost host, string token, string user)
    {
        var client = new HttpClient { BaseAddress = new Uri(host.HttpUrl), Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Add("Cookie", $"nmpi_session={token}; nmpi_user={user}");
        return client;
    }

    /// <summary>Reads an event stream in the background; the read ends when the server ends or drops the connection.</summary>
    private sealed class EventText
    {
        private readonly StringBuilder _text = new();
        private readonly Task _reading;

        public EventText(Stream body) => _reading = ReadAsync(body);

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public Task WaitForAsync(string text, TimeSpan within) => Eventually.HoldsAsync(
            () => Text.Contains(text, StringComparison.Ordinal) || (_reading.IsCompleted ? throw new InvalidOperationException($"The stream ended before '{text}': {Text}") : false),
            within,
            $"'{text}' on the event stream");

        public Task WaitForEndAsync(TimeSpan within) => Eventually.HoldsAsync(() => _reading.IsCompleted, within, "the end of the event stream");

        private async Task ReadAsync(Stream body)
        {
            var buffer = new byte[4096];
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer)) > 0)
                {
                    lock (_text)
                    {
                        _text.Append(Encoding.UTF8.GetString(buffer, 0, read));
                    }
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                // The server dropped the connection: that ends the stream too.
            }
        }
    }
}
