using Google.Protobuf;
using Grpc.Core;
using Nmpi.Api.V1;
using Nmpi.Cluster.Tests.Infrastructure;

namespace Nmpi.Cluster.Tests.Tenancy;

/// <summary>The cross-tenant cases, by RPC: the Jobs service as another tenant or a mere viewer, the Adapters service as another site.</summary>
public static class CrossTenantCases
{
    private const string JobsService = "/nmpi.v1.Jobs/";
    private const string AdaptersService = "/nmpi.v1.Adapters/";

    public static IReadOnlyList<CrossTenantCase> All { get; } =
    [
        Jobs("SubmitJob", "another tenant submits to the collab", StatusCode.NotFound, w => w.Carol.SubmitJobAsync(JobRequests.Inline(collab: "neuro")).ResponseAsync),
        Jobs("SubmitJob", "a viewer submits to the collab", StatusCode.PermissionDenied, w => w.Bob.SubmitJobAsync(JobRequests.Inline(collab: "neuro")).ResponseAsync),
        Jobs("SubmitJob", "another tenant runs the collab's code bundle", StatusCode.NotFound, w => w.Carol.SubmitJobAsync(WithBundle("other", w.CollabBundle.Id)).ResponseAsync),
        Jobs("SubmitJob", "another user runs someone's personal bundle", StatusCode.NotFound, w => w.Carol.SubmitJobAsync(WithBundle("other", w.PersonalBundle.Id)).ResponseAsync),
        Jobs("GetJob", "another tenant reads a job", StatusCode.NotFound, w => w.Carol.GetJobAsync(new GetJobRequest { Id = w.Finished.Id, IncludeLog = true }).ResponseAsync),
        Jobs("ListJobs", "another tenant lists the collab", StatusCode.NotFound, w => w.Carol.ListJobsAsync(new ListJobsRequest { Collab = "neuro" }).ResponseAsync),
        new(JobsService + "ListJobs", "another tenant lists everything it may see", async w =>
        {
            var listed = await w.Carol.ListJobsAsync(new ListJobsRequest());
            if (listed.TotalCount != 0 || listed.Jobs.Count != 0)
            {
                throw new InvalidOperationException($"listed {listed.Jobs.Count} jobs of another tenant");
            }
        }),
        Jobs("WatchJob", "another tenant watches a job", StatusCode.NotFound, async w =>
        {
            using var call = w.Carol.WatchJob(new WatchJobRequest { Id = w.RunningJobId });
            await call.ResponseStream.MoveNext();
        }),
        Jobs("WatchCollabJobs", "another tenant follows the collab's jobs", StatusCode.NotFound, async w =>
        {
            using var call = w.Carol.WatchCollabJobs(new WatchCollabJobsRequest { Collab = "neuro" });
            await call.ResponseStream.MoveNext();
        }),
        Jobs("GetJobLog", "another tenant reads a log", StatusCode.NotFound, w => w.Carol.GetJobLogAsync(new GetJobLogRequest { Id = w.Finished.Id }).ResponseAsync),
        Jobs("FollowJobLog", "another tenant follows a log", StatusCode.NotFound, async w =>
        {
            using var call = w.Carol.FollowJobLog(new FollowJobLogRequest { Id = w.RunningJobId });
            await call.ResponseStream.MoveNext();
        }),
        Jobs("CancelJob", "another tenant cancels a job", StatusCode.NotFound, w => w.Carol.CancelJobAsync(new CancelJobRequest { Id = w.Queued.Id }).ResponseAsync),
        Jobs("CancelJob", "a viewer cancels a job", StatusCode.PermissionDenied, w => w.Bob.CancelJobAsync(new CancelJobRequest { Id = w.Queued.Id }).ResponseAsync),
        Jobs("DeleteJob", "another tenant deletes a job", StatusCode.NotFound, w => w.Carol.DeleteJobAsync(new DeleteJobRequest { Id = w.Finished.Id }).ResponseAsync),
        Jobs("DeleteJob", "a viewer deletes a job", StatusCode.PermissionDenied, w => w.Bob.DeleteJobAsync(new DeleteJobRequest { Id = w.Finished.Id }).ResponseAsync),
        Jobs("UpdateTags", "another tenant tags a job", StatusCode.NotFound, w => w.Carol.UpdateTagsAsync(new UpdateTagsRequest { Id = w.Finished.Id, Add = { "mine" } }).ResponseAsync),
        Jobs("UpdateTags", "a viewer tags a job", StatusCode.PermissionDenied, w => w.Bob.UpdateTagsAsync(new UpdateTagsRequest { Id = w.Finished.Id, Add = { "mine" } }).ResponseAsync),
        Jobs("AddComment", "another tenant comments on a job", StatusCode.NotFound, w => w.Carol.AddCommentAsync(new AddCommentRequest { Id = w.Finished.Id, Text = "hi" }).ResponseAsync),
        Jobs("AddComment", "a viewer comments on a job", StatusCode.PermissionDenied, w => w.Bob.AddCommentAsync(new AddCommentRequest { Id = w.Finished.Id, Text = "hi" }).ResponseAsync),
        Jobs("UpdateComment", "another tenant edits a comment", StatusCode.NotFound, w => WithAlicesComment(w, id =>
            w.Carol.UpdateCommentAsync(new UpdateCommentRequest { Id = w.Finished.Id, CommentId = id, Text = "carol's" }).ResponseAsync)),
        Jobs("UpdateComment", "a viewer edits someone else's comment", StatusCode.NotFound, w => WithAlicesComment(w, id =>
            w.Bob.UpdateCommentAsync(new UpdateCommentRequest { Id = w.Finished.Id, CommentId = id, Text = "bob's" }).ResponseAsync)),
        Jobs("DeleteComment", "another tenant deletes a comment", StatusCode.NotFound, w => WithAlicesComment(w, id =>
            w.Carol.DeleteCommentAsync(new DeleteCommentRequest { Id = w.Finished.Id, CommentId = id }).ResponseAsync)),
        Jobs("DeleteComment", "a viewer deletes someone else's comment", StatusCode.NotFound, w => WithAlicesComment(w, id =>
            w.Bob.DeleteCommentAsync(new DeleteCommentRequest { Id = w.Finished.Id, CommentId = id }).ResponseAsync)),
        Jobs("DownloadOutput", "another tenant downloads an output", StatusCode.NotFound, async w =>
        {
            using var call = w.Carol.DownloadOutput(new DownloadOutputRequest { Id = w.Finished.Id, Path = w.OutputPath });
            await call.ResponseStream.MoveNext();
        }),
        Jobs("FindMissingBlobs", "another tenant probes the collab's code store", StatusCode.NotFound, w => w.Carol.FindMissingBlobsAsync(new FindMissingBlobsRequest
        {
            Collab = "neuro",
            Sha256 = { CrossTenantWorld.Sha(CrossTenantWorld.Script) },
        }).ResponseAsync),
        Jobs("FindMissingBlobs", "a viewer probes the collab's code store", StatusCode.PermissionDenied, w => w.Bob.FindMissingBlobsAsync(new FindMissingBlobsRequest
        {
            Collab = "neuro",
            Sha256 = { CrossTenantWorld.Sha(CrossTenantWorld.Script) },
        }).ResponseAsync),
        Jobs("UploadBlob", "another tenant uploads into the collab's code store", StatusCode.NotFound, w => CrossTenantWorld.UploadAsync(w.Carol, "neuro", "print('x')\n"u8.ToArray())),
        Jobs("UploadBlob", "a viewer uploads into the collab's code store", StatusCode.PermissionDenied, w => CrossTenantWorld.UploadAsync(w.Bob, "neuro", "print('x')\n"u8.ToArray())),
        Jobs("CreateCodeBundle", "another tenant makes a bundle in the collab", StatusCode.NotFound, w => CrossTenantWorld.CreateBundleAsync(w.Carol, "neuro")),
        Jobs("CreateCodeBundle", "a viewer makes a bundle in the collab", StatusCode.PermissionDenied, w => CrossTenantWorld.CreateBundleAsync(w.Bob, "neuro")),
        Jobs("GetCodeBundle", "another tenant reads the collab's bundle", StatusCode.NotFound, w => w.Carol.GetCodeBundleAsync(new GetCodeBundleRequest { Id = w.CollabBundle.Id }).ResponseAsync),
        Jobs("GetCodeBundle", "a member reads another member's personal bundle", StatusCode.NotFound, w => w.Bob.GetCodeBundleAsync(new GetCodeBundleRequest { Id = w.PersonalBundle.Id }).ResponseAsync),

        Adapters("RegisterAdapter", "a site registers for a platform its key does not serve", StatusCode.PermissionDenied, w => w.Intruder.Client.RegisterAdapterAsync(new RegisterAdapterRequest
        {
            Name = "bss",
            HardwarePlatform = "BrainScaleS",
            Capacity = 1,
        }).ResponseAsync),
        Adapters("LeaseJobs", "a site leases through another site's adapter", StatusCode.NotFound, w => w.Intruder.Client.LeaseJobsAsync(new LeaseJobsRequest
        {
            AdapterId = w.Owner.Id,
            MaxJobs = 1,
            Wait = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.Zero),
        }).ResponseAsync),
        Adapters("Heartbeat", "a site heartbeats another site's adapter", StatusCode.NotFound, w => w.Intruder.Client.HeartbeatAsync(new HeartbeatRequest
        {
            AdapterId = w.Owner.Id,
            Leases = { w.RunningLease },
        }).ResponseAsync),
        new(AdaptersService + "Heartbeat", "a site renews a lease it does not hold", async w =>
        {
            var answer = await w.Intruder.HeartbeatAsync(w.RunningLease);
            if (answer.Renewed.Contains(w.RunningLease))
            {
                throw new InvalidOperationException("another site's lease was renewed");
            }
        }),
        Adapters("ReturnJobs", "a site returns a job through another site's adapter", StatusCode.NotFound, w => w.Intruder.Client.ReturnJobsAsync(new ReturnJobsRequest
        {
            AdapterId = w.Owner.Id,
            Leases = { w.RunningLease },
        }).ResponseAsync),
        NotApplied("ReturnJobs", "a site returns a job it does not hold", async w => (await w.Intruder.ReturnAsync(w.RunningLease)).Count > 0),
        Adapters("MarkRunning", "a site reports through another site's adapter", StatusCode.NotFound, w => w.Intruder.Client.MarkRunningAsync(new JobReport
        {
            AdapterId = w.Owner.Id,
            Lease = w.RunningLease,
        }).ResponseAsync),
        Adapters("MarkRunning", "a site reports on a job it does not hold", StatusCode.NotFound, w => w.Intruder.MarkRunningAsync(w.RunningLease)),
        Adapters("AppendLog", "a site writes a log through another site's adapter", StatusCode.NotFound, w => w.Intruder.Client.AppendLogAsync(new AppendLogRequest
        {
            AdapterId = w.Owner.Id,
            Lease = w.RunningLease,
            Seq = 0,
            Text = "forged\n",
        }).ResponseAsync),
        Adapters("AppendLog", "a site writes the log of a job it does not hold", StatusCode.NotFound, w => w.Intruder.AppendLogAsync(w.RunningLease, 0, "forged\n")),
        Adapters("UploadOutput", "a site uploads an output of a job it does not hold", StatusCode.NotFound, w => w.Intruder.UploadAsync(w.RunningLease, "forged.txt", "x"u8.ToArray())),
        Adapters("CompleteJob", "a site completes through another site's adapter", StatusCode.NotFound, w => w.Intruder.Client.CompleteJobAsync(new CompleteJobRequest
        {
            AdapterId = w.Owner.Id,
            Lease = w.RunningLease,
            Outcome = Outcome.Finished,
        }).ResponseAsync),
        Adapters("CompleteJob", "a site completes a job it does not hold", StatusCode.NotFound, w => w.Intruder.CompleteAsync(w.RunningLease)),
        Adapters("DownloadCodeBundle", "a site downloads the code of a job it does not hold", StatusCode.NotFound, async w =>
        {
            using var call = w.Intruder.Client.DownloadCodeBundle(new DownloadCodeBundleRequest { AdapterId = w.Intruder.Id, Lease = w.RunningLease });
            await call.ResponseStream.MoveNext();
        }),

        Keys("CreateProviderKey", "a user makes a site key", w => Keys(w).CreateProviderKeyAsync(new CreateProviderKeyRequest { Site = "rogue", Platforms = { "SpiNNaker" } }).ResponseAsync),
        Keys("ListProviderKeys", "a user lists the site keys", w => Keys(w).ListProviderKeysAsync(new ListProviderKeysRequest()).ResponseAsync),
        Keys("RevokeProviderKey", "a user revokes a site's key", w => Keys(w).RevokeProviderKeyAsync(new RevokeProviderKeyRequest { KeyId = SiteKeyId }).ResponseAsync),
        Keys("RotateProviderKey", "a user rotates a site's key", w => Keys(w).RotateProviderKeyAsync(new RotateProviderKeyRequest { KeyId = SiteKeyId }).ResponseAsync),

        Quota("CreateResourceRequest", "another tenant asks resources for the collab", StatusCode.NotFound, w => Quotas(w, PlatformHost.CarolToken).CreateResourceRequestAsync(NewRequest()).ResponseAsync),
        Quota("CreateResourceRequest", "a viewer asks resources for the collab", StatusCode.PermissionDenied, w => Quotas(w, PlatformHost.BobToken).CreateResourceRequestAsync(NewRequest()).ResponseAsync),
        Quota("GetResourceRequest", "another tenant reads the collab's request", StatusCode.NotFound, w => Quotas(w, PlatformHost.CarolToken).GetResourceRequestAsync(new GetResourceRequestRequest { Id = w.Request.Id }).ResponseAsync),
        Quota("ListResourceRequests", "another tenant lists the collab's requests", StatusCode.NotFound, w => Quotas(w, PlatformHost.CarolToken).ListResourceRequestsAsync(new ListResourceRequestsRequest { Collab = "neuro" }).ResponseAsync),
        new("/nmpi.v1.Quotas/ListResourceRequests", "another tenant lists every request it may see", async w =>
        {
            var listed = await Quotas(w, PlatformHost.CarolToken).ListResourceRequestsAsync(new ListResourceRequestsRequest());
            if (listed.Requests.Any(r => r.Id == w.Request.Id))
            {
                throw new InvalidOperationException("another tenant's request was listed");
            }
        }),
        Quota("UpdateResourceRequest", "another tenant edits the collab's request", StatusCode.NotFound, w => Quotas(w, PlatformHost.CarolToken).UpdateResourceRequestAsync(Edit(w)).ResponseAsync),
        Quota("UpdateResourceRequest", "a viewer edits the collab's request", StatusCode.PermissionDenied, w => Quotas(w, PlatformHost.BobToken).UpdateResourceRequestAsync(Edit(w)).ResponseAsync),
        Quota("SubmitResourceRequest", "another tenant submits the collab's request", StatusCode.NotFound, w => Quotas(w, PlatformHost.CarolToken).SubmitResourceRequestAsync(new SubmitResourceRequestRequest { Id = w.Request.Id }).ResponseAsync),
        Quota("SubmitResourceRequest", "a viewer submits the collab's request", StatusCode.PermissionDenied, w => Quotas(w, PlatformHost.BobToken).SubmitResourceRequestAsync(new SubmitResourceRequestRequest { Id = w.Request.Id }).ResponseAsync),
        Quota("DeleteResourceRequest", "another tenant deletes the collab's request", StatusCode.NotFound, w => Quotas(w, PlatformHost.CarolToken).DeleteResourceRequestAsync(new DeleteResourceRequestRequest { Id = w.Request.Id }).ResponseAsync),
        Quota("DeleteResourceRequest", "a viewer deletes the collab's request", StatusCode.PermissionDenied, w => Quotas(w, PlatformHost.BobToken).DeleteResourceRequestAsync(new DeleteResourceRequestRequest { Id = w.Request.Id }).ResponseAsync),
        Quota("DecideResourceRequest", "another tenant decides the collab's request", StatusCode.NotFound, w => Quotas(w, PlatformHost.CarolToken).DecideResourceRequestAsync(new DecideResourceRequestRequest { Id = w.Request.Id, Accept = true }).ResponseAsync),
        Quota("DecideResourceRequest", "a member decides the collab's request", StatusCode.PermissionDenied, w => Quotas(w, PlatformHost.BobToken).DecideResourceRequestAsync(new DecideResourceRequestRequest { Id = w.Request.Id, Accept = true }).ResponseAsync),
        Quota("ListQuotas", "another tenant reads the collab's quotas", StatusCode.NotFound, w => Quotas(w, PlatformHost.CarolToken).ListQuotasAsync(new ListQuotasRequest { Collab = "neuro" }).ResponseAsync),
        new("/nmpi.v1.Quotas/ListQuotas", "another tenant lists every quota it may see", async w =>
        {
            var listed = await Quotas(w, PlatformHost.CarolToken).ListQuotasAsync(new ListQuotasRequest());
            if (listed.Quotas.Any(q => q.Collab != "other"))
            {
                throw new InvalidOperationException("another tenant's quota was listed");
            }
        }),
        Quota("SetQuota", "a collab member sets the collab's quota", StatusCode.PermissionDenied, w => Quotas(w, PlatformHost.AliceToken).SetQuotaAsync(new SetQuotaRequest { Collab = "neuro", Platform = "SpiNNaker", Limit = 1e9 }).ResponseAsync),

        Account("Login", "a user signs in as another with a guessed password", StatusCode.Unauthenticated, w => new Nmpi.Api.V1.Accounts.AccountsClient(w.Host.Channel).LoginAsync(new LoginRequest { Username = "alice", Password = "carol-guesses" }).ResponseAsync),
        Account("RenewToken", "a user renews a token forged in another's name", StatusCode.Unauthenticated, w => new Nmpi.Api.V1.Accounts.AccountsClient(w.As(ForgedSessionToken)).RenewTokenAsync(new RenewTokenRequest()).ResponseAsync),
        new("/nmpi.v1.Accounts/WhoAmI", "a user asks who they are", async w =>
        {
            var me = await new Nmpi.Api.V1.Accounts.AccountsClient(w.As(PlatformHost.CarolToken)).WhoAmIAsync(new WhoAmIRequest());
            if (me.User.UserId != "carol" || me.Collabs.Any(c => c.CollabId == "neuro"))
            {
                throw new InvalidOperationException($"WhoAmI answered {me.User.UserId} with collabs {string.Join(",", me.Collabs.Select(c => c.CollabId))}");
            }
        }),
        Account("CreateUser", "a user creates users", StatusCode.PermissionDenied, w => Accounts(w).CreateUserAsync(new CreateUserRequest { UserId = "mallory", Password = "a long enough password" }).ResponseAsync),
        Account("GetUser", "a user reads another's profile", StatusCode.NotFound, w => Accounts(w).GetUserAsync(new GetUserRequest { UserId = "alice" }).ResponseAsync),
        Account("UpdateProfile", "a user changes another's e-mail address", StatusCode.NotFound, w => Accounts(w).UpdateProfileAsync(new UpdateProfileRequest { UserId = "alice", Email = "mallory@evil.test" }).ResponseAsync),
        Account("SetPassword", "a user sets another's password", StatusCode.NotFound, w => Accounts(w).SetPasswordAsync(new SetPasswordRequest { UserId = "alice", NewPassword = "mallory was here 123" }).ResponseAsync),
        Account("SetUserDisabled", "a user disables another", StatusCode.PermissionDenied, w => Accounts(w).SetUserDisabledAsync(new SetUserDisabledRequest { UserId = "alice", Disabled = true }).ResponseAsync),
        Account("RevokeUserTokens", "a user revokes another's tokens", StatusCode.PermissionDenied, w => Accounts(w).RevokeUserTokensAsync(new RevokeUserTokensRequest { UserId = "alice" }).ResponseAsync),
        Account("RotateSigningKey", "a user rotates the session signing key", StatusCode.PermissionDenied, w => Accounts(w).RotateSigningKeyAsync(new RotateSigningKeyRequest()).ResponseAsync),
        Account("RetireSigningKey", "a user retires the session signing key", StatusCode.PermissionDenied, w => Accounts(w).RetireSigningKeyAsync(new RetireSigningKeyRequest { KeyId = "any" }).ResponseAsync),
        Account("Logout", "a user signs another out with a token forged in their name", StatusCode.Unauthenticated, w => new Nmpi.Api.V1.Accounts.AccountsClient(w.As(ForgedSessionToken)).LogoutAsync(new LogoutRequest { AllSessions = true }).ResponseAsync),
        Account("VerifyEmail", "a user verifies another's address with a token forged in their name", StatusCode.Unauthenticated, w => new Nmpi.Api.V1.Accounts.AccountsClient(w.As(ForgedSessionToken)).VerifyEmailAsync(new VerifyEmailRequest { Code = "guessed-code" }).ResponseAsync),
        Account("ResendEmailVerification", "a user mails another's address a new code with a token forged in their name", StatusCode.Unauthenticated, w => new Nmpi.Api.V1.Accounts.AccountsClient(w.As(ForgedSessionToken)).ResendEmailVerificationAsync(new ResendEmailVerificationRequest()).ResponseAsync),

        Collab("CreateCollab", "a user takes another's private collab name", StatusCode.InvalidArgument, w => Collabs(w, PlatformHost.CarolToken).CreateCollabAsync(new CreateCollabRequest { Id = "private-alice", Title = "mine" }).ResponseAsync),
        Collab("CreateCollab", "a user creates a collab that exists", StatusCode.AlreadyExists, w => Collabs(w, PlatformHost.CarolToken).CreateCollabAsync(new CreateCollabRequest { Id = "neuro", Title = "mine" }).ResponseAsync),
        Collab("GetCollab", "another tenant reads the collab", StatusCode.NotFound, w => Collabs(w, PlatformHost.CarolToken).GetCollabAsync(new GetCollabRequest { Id = "neuro" }).ResponseAsync),
        Collab("GetCollab", "a user reads another's private collab", StatusCode.NotFound, w => Collabs(w, PlatformHost.CarolToken).GetCollabAsync(new GetCollabRequest { Id = "private-alice" }).ResponseAsync),
        new("/nmpi.v1.Collabs/ListMyCollabs", "a user lists their collabs", async w =>
        {
            var mine = await Collabs(w, PlatformHost.CarolToken).ListMyCollabsAsync(new ListMyCollabsRequest());
            if (mine.Collabs.Any(c => c.CollabId is "neuro" or "private-alice"))
            {
                throw new InvalidOperationException("another tenant's collab was listed");
            }
        }),
        Collab("AddMember", "another tenant adds themselves to the collab", StatusCode.NotFound, w => Collabs(w, PlatformHost.CarolToken).AddMemberAsync(new AddMemberRequest { CollabId = "neuro", UserId = "carol", Role = Nmpi.Api.V1.CollabRole.Administrator }).ResponseAsync),
        Collab("AddMember", "a viewer adds a member", StatusCode.PermissionDenied, w => Collabs(w, PlatformHost.BobToken).AddMemberAsync(new AddMemberRequest { CollabId = "neuro", UserId = "carol", Role = Nmpi.Api.V1.CollabRole.Editor }).ResponseAsync),
        Collab("SetMemberRole", "another tenant promotes a member", StatusCode.NotFound, w => Collabs(w, PlatformHost.CarolToken).SetMemberRoleAsync(new SetMemberRoleRequest { CollabId = "neuro", UserId = "bob", Role = Nmpi.Api.V1.CollabRole.Administrator }).ResponseAsync),
        Collab("SetMemberRole", "a viewer promotes themselves", StatusCode.PermissionDenied, w => Collabs(w, PlatformHost.BobToken).SetMemberRoleAsync(new SetMemberRoleRequest { CollabId = "neuro", UserId = "bob", Role = Nmpi.Api.V1.CollabRole.Administrator }).ResponseAsync),
        Collab("RemoveMember", "another tenant removes a member", StatusCode.NotFound, w => Collabs(w, PlatformHost.CarolToken).RemoveMemberAsync(new RemoveMemberRequest { CollabId = "neuro", UserId = "alice" }).ResponseAsync),
        Collab("RemoveMember", "a viewer removes an editor", StatusCode.PermissionDenied, w => Collabs(w, PlatformHost.BobToken).RemoveMemberAsync(new RemoveMemberRequest { CollabId = "neuro", UserId = "alice" }).ResponseAsync),
        Stats("GetJobCount", w => Statistics(w).GetJobCountAsync(new JobCountRequest { Cumulative = true }).ResponseAsync),
        Stats("GetActiveUserCount", w => Statistics(w).GetActiveUserCountAsync(new PeriodRequest()).ResponseAsync),
        Stats("GetResourceUsage", w => Statistics(w).GetResourceUsageAsync(new PeriodRequest()).ResponseAsync),
        Stats("GetQueueLength", w => Statistics(w).GetQueueLengthAsync(new QueueLengthRequest()).ResponseAsync),
        Stats("GetJobDuration", w => Statistics(w).GetJobDurationAsync(new JobDurationRequest()).ResponseAsync),
        Stats("GetCumulativeUserCount", w => Statistics(w).GetCumulativeUserCountAsync(new CumulativeUserCountRequest()).ResponseAsync),
        Stats("GetCumulativeProjectCount", w => Statistics(w).GetCumulativeProjectCountAsync(new CumulativeProjectCountRequest()).ResponseAsync),
    ];

    // A session token in alice's name signed with a key the gateway never had.
    private static string ForgedSessionToken =>
        Nmpi.Gateway.Auth.SessionToken.Issue(new Nmpi.GrainInterfaces.Accounts.SigningKey("forged-key", new byte[32], DateTimeOffset.UtcNow), "alice", DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

    private static Nmpi.Api.V1.Accounts.AccountsClient Accounts(CrossTenantWorld world) => new(world.As(PlatformHost.CarolToken));

    private static Nmpi.Api.V1.Collabs.CollabsClient Collabs(CrossTenantWorld world, string token) => new(world.As(token));

    private static CrossTenantCase Account(string method, string name, StatusCode expected, Func<CrossTenantWorld, Task> call) =>
        new("/nmpi.v1.Accounts/" + method, name, w => ExpectAsync(expected, () => call(w)));

    private static CrossTenantCase Collab(string method, string name, StatusCode expected, Func<CrossTenantWorld, Task> call) =>
        new("/nmpi.v1.Collabs/" + method, name, w => ExpectAsync(expected, () => call(w)));

    // Statistics are public aggregates: anyone may read them, and no answer may name a collab or a user of the tenant.
    private static Nmpi.Api.V1.Statistics.StatisticsClient Statistics(CrossTenantWorld world) => new(world.Host.Channel);

    private static CrossTenantCase Stats<T>(string method, Func<CrossTenantWorld, Task<T>> call)
        where T : IMessage =>
        new("/nmpi.v1.Statistics/" + method, "anyone reads platform-wide statistics: per platform only", async w =>
        {
            var answer = JsonFormatter.Default.Format(await call(w));
            foreach (var secret in new[] { "neuro", "alice", "bob" })
            {
                if (answer.Contains(secret, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{method} names '{secret}': {answer}");
                }
            }
        });

    private static Nmpi.Api.V1.Quotas.QuotasClient Quotas(CrossTenantWorld world, string token) => new(world.As(token));

    private static CreateResourceRequestRequest NewRequest()
    {
        var request = new CreateResourceRequestRequest { Collab = "neuro", Title = "More", Abstract = "More." };
        request.Requested.Add(new PlatformAmount { Platform = "SpiNNaker", Amount = 1 });
        return request;
    }

    private static UpdateResourceRequestRequest Edit(CrossTenantWorld world)
    {
        var update = new UpdateResourceRequestRequest { Id = world.Request.Id, Title = "Mine now", Abstract = "Mine." };
        update.Requested.Add(new PlatformAmount { Platform = "SpiNNaker", Amount = 1e6 });
        return update;
    }

    private static CrossTenantCase Quota(string method, string name, StatusCode expected, Func<CrossTenantWorld, Task> call) =>
        new("/nmpi.v1.Quotas/" + method, name, w => ExpectAsync(expected, () => call(w)));

    private static string SiteKeyId => Nmpi.GrainInterfaces.ProviderKeys.ProviderKeyFormat.IdOf(PlatformHost.SiteKey);

    private static Nmpi.Api.V1.ProviderKeys.ProviderKeysClient Keys(CrossTenantWorld world) => new(world.As(PlatformHost.CarolToken));

    // Site keys belong to the platform's administrators: any other user is told so (the service is no secret).
    private static CrossTenantCase Keys(string method, string name, Func<CrossTenantWorld, Task> call) =>
        new("/nmpi.v1.ProviderKeys/" + method, name, w => ExpectAsync(StatusCode.PermissionDenied, () => call(w)));

    // Alice comments for the attempt and deletes her comment afterwards, so the world is as it was whatever the attempt did.
    private static async Task WithAlicesComment(CrossTenantWorld w, Func<long, Task> attempt)
    {
        var comment = await w.Alice.AddCommentAsync(new AddCommentRequest { Id = w.Finished.Id, Text = "alice's" });
        try
        {
            await attempt(comment.Id);
        }
        finally
        {
            await w.Alice.DeleteCommentAsync(new DeleteCommentRequest { Id = w.Finished.Id, CommentId = comment.Id });
        }
    }

    private static CrossTenantCase Jobs(string method, string name, StatusCode expected, Func<CrossTenantWorld, Task> call) =>
        new(JobsService + method, name, w => ExpectAsync(expected, () => call(w)));

    private static CrossTenantCase Adapters(string method, string name, StatusCode expected, Func<CrossTenantWorld, Task> call) =>
        new(AdaptersService + method, name, w => ExpectAsync(expected, () => call(w)));

    // A return of a lease the caller does not hold is answered "not returned" (the fencing of the lease protocol).
    private static CrossTenantCase NotApplied(string method, string name, Func<CrossTenantWorld, Task<bool>> applied) =>
        new(AdaptersService + method, name, async w =>
        {
            try
            {
                if (await applied(w))
                {
                    throw new InvalidOperationException("the report was applied");
                }
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.NotFound or StatusCode.PermissionDenied)
            {
                // Refused outright: as good as not applied.
            }
        });

    private static async Task ExpectAsync(StatusCode expected, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (RpcException e) when (e.StatusCode == expected)
        {
            return;
        }
        catch (RpcException e)
        {
            throw new InvalidOperationException($"expected {expected}, got {e.StatusCode}: {e.Status.Detail}");
        }

        throw new InvalidOperationException($"expected {expected}, but the call succeeded");
    }

    private static SubmitJobRequest WithBundle(string collab, string bundleId)
    {
        var request = JobRequests.Inline(collab: collab);
        request.Code = new JobCode { ArtifactId = bundleId };
        return request;
    }
}
