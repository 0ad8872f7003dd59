using Nmpi.Grains.Code;
using Nmpi.Grains.Notifications;
using Nmpi.Grains.Storage;

namespace Nmpi.Grains.Tests.Settings;

public sealed class StorageAndMailOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreAccepted()
    {
        Assert.True(new GroupCommitOptionsValidator().Validate(null, new GroupCommitOptions()).Succeeded);
        Assert.True(new CodeStorageOptionsValidator().Validate(null, new CodeStorageOptions()).Succeeded);
        Assert.True(new MailOptionsValidator().Validate(null, new MailOptions()).Succeeded);
    }

    [Theory]
    [InlineData(0, 3, "Nmpi:GroupCommit:MaxBatch must be 1 to 10000.")]
    [InlineData(10_001, 3, "Nmpi:GroupCommit:MaxBatch must be 1 to 10000.")]
    [InlineData(256, 0, "Nmpi:GroupCommit:Writers must be 1 to 32.")]
    [InlineData(256, 33, "Nmpi:GroupCommit:Writers must be 1 to 32.")]
    public void GroupCommit_BadSetting_FailsWithExactlyItsOwnMessage(int maxBatch, int writers, string message)
    {
        var result = new GroupCommitOptionsValidator().Validate(null, new GroupCommitOptions { MaxBatch = maxBatch, Writers = writers });

        Assert.Equal([message], result.Failures);
    }

    [Theory]
    [InlineData("no user area", "Nmpi:CodeStorage:UserAreaBytes must be at least 1.")]
    [InlineData("no collab area", "Nmpi:CodeStorage:CollabAreaBytes must be at least 1.")]
    [InlineData("no grace", "Nmpi:CodeStorage:UnreferencedGrace must be positive.")]
    public void CodeStorage_BadSetting_FailsWithExactlyItsOwnMessage(string breakage, string message)
    {
        var options = new CodeStorageOptions();
        switch (breakage)
        {
            case "no user area": options.UserAreaBytes = 0; break;
            case "no collab area": options.CollabAreaBytes = 0; break;
            case "no grace": options.UnreferencedGrace = TimeSpan.Zero; break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage), breakage, "no such breakage");
        }

        Assert.Equal([message], new CodeStorageOptionsValidator().Validate(null, options).Failures);
    }

    [Theory]
    [InlineData("sender not an address", "Nmpi:Mail:From must be an e-mail address when Nmpi:Mail:Host is set.")]
    [InlineData("port 0", "Nmpi:Mail:Port must be 1 to 65535.")]
    [InlineData("port 65536", "Nmpi:Mail:Port must be 1 to 65535.")]
    [InlineData("no attempt", "Nmpi:Mail:MaxAttempts and BatchSize must be at least 1.")]
    [InlineData("no catch-up interval", "Nmpi:Mail:CatchUpInterval and CatchUpWindow must be positive, CatchUpGrace not negative.")]
    [InlineData("no code lifetime", "Nmpi:Mail:VerificationCodeLifetime must be positive, VerificationResendInterval not negative.")]
    public void Mail_BadSetting_FailsWithExactlyItsOwnMessage(string breakage, string message)
    {
        var options = new MailOptions { Host = "127.0.0.1", From = "nmpi@example.org" };
        switch (breakage)
        {
            case "sender not an address": options.From = "not an address"; break;
            case "port 0": options.Port = 0; break;
            case "port 65536": options.Port = 65536; break;
            case "no attempt": options.MaxAttempts = 0; break;
            case "no catch-up interval": options.CatchUpInterval = TimeSpan.Zero; break;
            case "no code lifetime": options.VerificationCodeLifetime = TimeSpan.Zero; break;
            default: throw new ArgumentOutOfRangeException(nameof(breakage), breakage, "no such breakage");
        }

        Assert.Equal([message], new MailOptionsValidator().Validate(null, options).Failures);
    }
}
