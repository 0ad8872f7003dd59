using System.Diagnostics;
using System.Globalization;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Nmpi.Api.V1;
using AdaptersClient = Nmpi.Api.V1.Adapters.AdaptersClient;

namespace Nmpi.Benchmarks;

/// <summary>
/// What a burst of failed logins (security review H-3) does to everyone else: the latency of a user's calls (WhoAmI,
/// ListJobs) and of an adapter's calls (Heartbeat, LeaseJobs) is measured before the burst and during it, with the
/// production password hashing cost. Prints figures only; it asserts nothing about speed.
/// </summary>
public sealed class LoginBurstBenchmark(BenchmarkOptions options, TextWriter output)
{
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        output.WriteLine("Starting PostgreSQL and a silo with the gateway...");
        await using var platform = await BenchmarkPlatform.StartAsync(options, cancellationToken);
        using var channel = GrpcChannel.ForAddress(platform.GrpcUrl);
        var accounts = new Accounts.AccountsClient(Header(channel, "authorization", $"Bearer {platform.Token}"));
        var jobs = new Jobs.JobsClient(Header(channel, "authorization", $"Bearer {platform.Token}"));
        var adapters = new AdaptersClient(Header(channel, "x-api-key", platform.AdapterKey));
        var adapterId = (await adapters.RegisterAdapterAsync(
            new RegisterAdapterRequest { Name = "burst-probe", HardwarePlatform = options.Platform, Capacity = 1, SoftwareVersion = "nmpi-bench 1.0" },
            cancellationToken: cancellationToken)).AdapterId;

        var phase = options.Duration;
        output.WriteLine($"Each phase lasts {phase.TotalSeconds:0} s; one user loop and one adapter loop call back to back.");
        using (var warm = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            warm.CancelAfter(TimeSpan.FromSeconds(2));
            await ProbeAsync(accounts, jobs, adapters, adapterId, warm.Token);
        }

        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        quiet.CancelAfter(phase);
        var before = await ProbeAsync(accounts, jobs, adapters, adapterId, quiet.Token);

        // The burst: clients looping Login with wrong passwords, over a channel of their own (as another host would).
        using var attackerChannel = GrpcChannel.ForAddress(platform.GrpcUrl);
        var attacker = new Accounts.AccountsClient(attackerChannel);
        using var burst = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var loginLatency = new LatencySamples();
        var attackers = Enumerable.Range(0, options.Clients)
            .Select(i => Task.Run(() => GuessAsync(attacker, i, outcomes, loginLatency, burst.Token), CancellationToken.None))
            .ToArray();
        using var loud = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        loud.CancelAfter(phase);
        var during = await ProbeAsync(accounts, jobs, adapters, adapterId, loud.Token);
        await burst.CancelAsync();
        await Task.WhenAll(attackers);

        output.WriteLine();
        output.WriteLine("Latency of other callers (calls / p50 / p99 / max ms):");
        foreach (var name in before.Keys)
        {
            output.WriteLine($"  {name,-24} before: {Line(before[name])}    during the burst: {Line(during[name])}");
        }

        output.WriteLine();
        lock (outcomes)
        {
            output.WriteLine($"Login burst: {options.Clients} clients, {outcomes.Values.Sum():N0} attempts in {phase.TotalSeconds:0} s; answers: "
                + string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value:N0}")));
        }

        output.WriteLine($"Login answer latency: p50 {Ms(loginLatency.Percentile(50))} ms, p99 {Ms(loginLatency.Percentile(99))} ms");
        return true;
    }

    // One loop per kind of caller, each call after the last: the latency a user or a site sees.
    private static async Task<Dictionary<string, LatencySamples>> ProbeAsync(
        Accounts.AccountsClient accounts, Jobs.JobsClient jobs, AdaptersClient adapters, string adapterId, CancellationToken stop)
    {
        var samples = new Dictionary<string, LatencySamples>(StringComparer.Ordinal)
        {
            ["user WhoAmI"] = new(),
            ["user ListJobs"] = new(),
            ["adapter Heartbeat"] = new(),
            ["adapter LeaseJobs"] = new(),
        };
        async Task LoopAsync(Func<Task> first, LatencySamples firstSamples, Func<Task> second, LatencySamples secondSamples)
        {
            while (!stop.IsCancellationRequested)
            {
                await TimeAsync(first, firstSamples);
                await TimeAsync(second, secondSamples);
            }
        }

        await Task.WhenAll(
            Task.Run(() => LoopAsync(
                async () => await accounts.WhoAmIAsync(new WhoAmIRequest()), samples["user WhoAmI"],
                async () => await jobs.ListJobsAsync(new ListJobsRequest { PageSize = 20 }), samples["user ListJobs"]), CancellationToken.None),
            Task.Run(() => LoopAsync(
                async () => await adapters.HeartbeatAsync(new HeartbeatRequest { AdapterId = adapterId }), samples["adapter Heartbeat"],
                async () => await adapters.LeaseJobsAsync(new LeaseJobsRequest { AdapterId = adapterId, MaxJobs = 1, Wait = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.Zero) }), samples["adapter LeaseJobs"]), CancellationToken.None));
        return samples;
    }

    private static async Task TimeAsync(Func<Task> call, LatencySamples samples)
    {
        var started = Stopwatch.GetTimestamp();
        await call();
        samples.Add(started, Stopwatch.GetTimestamp());
    }

    // Wrong passwords for a few real-looking usernames each, so both the username and the address counts are hit.
    private static async Task GuessAsync(Accounts.AccountsClient attacker, int client, Dictionary<string, int> outcomes, LatencySamples latency, CancellationToken stop)
    {
        for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            string answer;
            try
            {
                await attacker.LoginAsync(new LoginRequest { Username = $"user-{client}-{attempt % 8}", Password = $"guess-{attempt}" }, cancellationToken: stop);
                answer = "OK";
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && stop.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException e)
            {
                answer = e.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason is { Length: > 0 } reason ? reason : e.StatusCode.ToString();
            }

            lock (outcomes)
            {
                outcomes[answer] = outcomes.GetValueOrDefault(answer) + 1;
                latency.Add(started, Stopwatch.GetTimestamp());
            }
        }
    }

    private static CallInvoker Header(GrpcChannel channel, string name, string value) =>
        channel.Intercept(metadata =>
        {
            metadata.Add(name, value);
            return metadata;
        });

    private static string Line(LatencySamples samples) =>
        $"{samples.Count,6:N0} / {Ms(samples.Percentile(50))} / {Ms(samples.Percentile(99))} / {Ms(samples.Percentile(100))}";

    private static string Ms(double milliseconds) => milliseconds.ToString("0.0", CultureInfo.InvariantCulture).PadLeft(7);
}
