using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Nmpi.Adapters.Preparation;
using Nmpi.Api.V1;
using AdaptersClient = Nmpi.Api.V1.Adapters.AdaptersClient;

namespace Nmpi.Adapters.Tests;

/// <summary>
/// The downloader against answers the real gateway never sends (it refuses such bundles at upload): a stand-in
/// gateway plays them back, because no real part can produce them. The happy path and fencing run against the
/// real gateway in tests/Nmpi.Cluster.Tests/Lifecycle/CodeBundleTests.cs.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Creates symbolic links.
public sealed class CodeBundleDownloaderTests : IDisposable
{
    private static readonly byte[] Script = Encoding.UTF8.GetBytes("print('hello')\n");
    private static readonly LeaseRef Lease = new() { JobId = 7, Epoch = 1 };

    private readonly string _root = Directory.CreateTempSubdirectory("nmpi-download-").FullName;

    private string JobDirectory => Directory.CreateDirectory(Path.Combine(_root, "job")).FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("../escape.py")]
    [InlineData("model/../../escape.py")]
    [InlineData("/tmp/escape.py")]
    [InlineData("model//net.py")]
    [InlineData("model\\net.py")]
    public async Task Bundle_WithAnUnsafePath_IsRefused_BeforeAnythingIsWritten(string path)
    {
        var gateway = new PlaybackGateway(Manifest(Entry(path, Script)), Data(0, Script));
        var directory = JobDirectory;

        await Assert.ThrowsAsync<InvalidDataException>(() => Download(gateway, directory));

        Assert.Equal([directory], Directory.EnumerateFileSystemEntries(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task File_WhoseBytesDoNotMatchItsDigest_IsRefused_AndRemoved()
    {
        var other = Encoding.UTF8.GetBytes("print('HELLO')\n");
        var gateway = new PlaybackGateway(Manifest(Entry("run.py", Script)), Data(0, other));
        var directory = JobDirectory;

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Download(gateway, directory));

        Assert.Contains("run.py", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Directory_ThatIsASymbolicLink_IsNeverWrittenThrough()
    {
        var elsewhere = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;
        var directory = JobDirectory;
        Directory.CreateSymbolicLink(Path.Combine(directory, "model"), elsewhere);
        var gateway = new PlaybackGateway(Manifest(Entry("model/net.py", Script)), Data(0, Script));

        await Assert.ThrowsAsync<InvalidDataException>(() => Download(gateway, directory));

        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
    }

    [Fact]
    public async Task Stream_WithMoreDataThanTheManifest_IsRefused()
    {
        var gateway = new PlaybackGateway(Manifest(Entry("run.py", Script)), Data(0, Script), Data(0, Script));
        await Assert.ThrowsAsync<InvalidDataException>(() => Download(gateway, JobDirectory));
    }

    [Fact]
    public async Task StaleLease_IsReportedAsFenced()
    {
        var gateway = new PlaybackGateway(new Status(StatusCode.FailedPrecondition, "Lease epoch 1 of job 7 is not current"));
        await Assert.ThrowsAsync<LeaseFencedException>(() => Download(gateway, JobDirectory));
    }

    [Fact]
    public async Task Stream_BrokenByAnUnavailableGateway_IsRetried_AndEndsWithTheWholeBundle()
    {
        var library = Encoding.UTF8.GetBytes("X = 1\n");
        var manifest = Manifest(Entry("lib.py", library), Entry("run.py", Script, executable: true));
        var gateway = new PlaybackGateway(manifest, Data(0, library), Data(1, Script))
        {
            // The first attempt writes lib.py, then the connection drops; the retry must not trip over it.
            BreakFirstAttemptAfter = 2,
        };
        var directory = JobDirectory;

        var bundle = await Download(gateway, directory);

        Assert.Equal(2, gateway.Attempts);
        Assert.Equal("cb-test", bundle.Id);
        Assert.Equal(library, await File.ReadAllBytesAsync(Path.Combine(directory, "lib.py")));
        Assert.Equal(Script, await File.ReadAllBytesAsync(Path.Combine(directory, "run.py")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(Path.Combine(directory, "lib.py")));
        Assert.True(File.GetUnixFileMode(Path.Combine(directory, "run.py")).HasFlag(UnixFileMode.OtherExecute));
    }

    private static Task<CodeBundle> Download(PlaybackGateway gateway, string directory) =>
        new CodeBundleDownloader().DownloadAsync(new AdapterSession(new AdaptersClient(gateway), "hd/test", "3.11"), Lease, directory, CancellationToken.None);

    private static CodeFile Entry(string path, byte[] content, bool executable = false) =>
        new() { Path = path, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), Size = content.Length, Executable = executable };

    private static CodeBundleChunk Manifest(params CodeFile[] files) => new() { Bundle = new CodeBundle { Id = "cb-test", Files = { files } } };

    private static CodeBundleChunk Data(int index, byte[] content) =>
        new() { Data = new CodeFileData { FileIndex = index, Data = ByteString.CopyFrom(content) } };

    /// <summary>Answers DownloadCodeBundle with fixed messages (or a fixed error); every other call is a test bug.</summary>
    private sealed class PlaybackGateway : CallInvoker
    {
        private readonly CodeBundleChunk[] _chunks;
        private readonly Status? _error;

        public PlaybackGateway(params CodeBundleChunk[] chunks) => _chunks = chunks;

        public PlaybackGateway(Status error)
        {
            _chunks = [];
            _error = error;
        }

        public int Attempts { get; private set; }

        public int? BreakFirstAttemptAfter { get; init; }

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            Attempts++;
            var breakAfter = Attempts == 1 ? BreakFirstAttemptAfter : null;
            var reader = new Reader<TResponse>(_chunks.Cast<TResponse>().ToArray(), _error, breakAfter);
            return new AsyncServerStreamingCall<TResponse>(reader, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            throw new NotSupportedException();

        private sealed class Reader<T>(IReadOnlyList<T> items, Status? error, int? breakAfter) : IAsyncStreamReader<T>
        {
            private int _next;

            public T Current { get; private set; } = default!;

            public Task<bool> MoveNext(CancellationToken cancellationToken)
            {
                if (error is { } status)
                {
                    throw new RpcException(status);
                }

                if (_next == breakAfter)
                {
                    throw new RpcException(new Status(StatusCode.Unavailable, "connection reset"));
                }

                if (_next >= items.Count)
                {
                    return Task.FromResult(false);
                }

                Current = items[_next++];
                return Task.FromResult(true);
            }
        }
    }
}
