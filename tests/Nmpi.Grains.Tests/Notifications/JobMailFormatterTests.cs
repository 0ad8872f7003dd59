using Nmpi.GrainInterfaces.Jobs;
using Nmpi.Grains.Notifications;

namespace Nmpi.Grains.Tests.Notifications;

public sealed class JobMailFormatterTests
{
    private static readonly MailRecipient Alice = new("alice", "alice@lab.test", "Alice Liddell");

    [Fact]
    public void Started_SaysWhenAndHowToFollowTheJob()
    {
        var mail = JobMailFormatter.Started(Jobs.Running(), Alice, "https://nmpi.example.org/");

        Assert.Equal("alice@lab.test", mail.Recipient);
        Assert.Equal("job-started", mail.Kind);
        Assert.Equal("job:42:started:alice", mail.DedupKey);
        Assert.Equal("[NMPI] Job 42 started on SpiNNaker", mail.Subject);
        Assert.StartsWith("Hello Alice Liddell,\n", mail.Body, StringComparison.Ordinal);
        Assert.Contains("started running at 2026-11-25 12:00:12 UTC after 12 s in the queue.", mail.Body, StringComparison.Ordinal);
        Assert.Contains("nmpi log 42 -f", mail.Body, StringComparison.Ordinal);
        Assert.Contains("    https://nmpi.example.org/jobs/42\n", mail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Finished_GivesStatusDurationUsageOutputsAndLog()
    {
        var job = Jobs.Ended(JobStatus.Finished) with
        {
            Outputs = [new OutputFile("results/spikes.npz", 300_000, "application/octet-stream", "ab"), new OutputFile("log.txt", 12, "text/plain", "cd")],
        };
        var mail = JobMailFormatter.Ended(job, Alice, ["step 1", "done"], "https://nmpi.example.org");

        Assert.Equal("job:42:ended:alice", mail.DedupKey);
        Assert.Equal("[NMPI] Job 42 finished on SpiNNaker", mail.Subject);
        Assert.Contains("your job 42 on SpiNNaker (collab neuro) finished.", mail.Body, StringComparison.Ordinal);
        Assert.Contains("Status:     finished\n", mail.Body, StringComparison.Ordinal);
        Assert.Contains("Duration:   1 min 23 s\n", mail.Body, StringComparison.Ordinal);
        Assert.Contains("Used:       0.5 core-hours\n", mail.Body, StringComparison.Ordinal);
        Assert.Contains("Output files (2):\n    results/spikes.npz (293.0 KiB)\n    log.txt (12 B)\n", mail.Body, StringComparison.Ordinal);
        Assert.Contains("nmpi download 42\n", mail.Body, StringComparison.Ordinal);
        Assert.Contains("https://nmpi.example.org/jobs/42", mail.Body, StringComparison.Ordinal);
        Assert.Contains("The last 2 lines of the log:\n    step 1\n    done\n", mail.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Reason:", mail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_GivesTheReasonInWordsAndTheSitesMessage()
    {
        var mail = JobMailFormatter.Ended(Jobs.Ended(JobStatus.Error, FailureReason.Memory, "killed at 4 GiB"), Alice, [], "");

        Assert.Equal("[NMPI] Job 42 failed on SpiNNaker: memory limit exceeded", mail.Subject);
        Assert.Contains("Reason:     memory limit exceeded: killed at 4 GiB\n", mail.Body, StringComparison.Ordinal);
        Assert.Contains("The job stored no output files.", mail.Body, StringComparison.Ordinal);
        Assert.Contains("The job wrote no log.", mail.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("/jobs/42", mail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ManyOutputs_AreCounted_NotAllListed()
    {
        var outputs = Enumerable.Range(0, 70).Select(i => new OutputFile($"out/{i}.dat", i, "application/octet-stream", "x")).ToArray();
        var mail = JobMailFormatter.Ended(Jobs.Ended(JobStatus.Finished) with { Outputs = outputs }, Alice, [], "");

        Assert.Contains("Output files (70):", mail.Body, StringComparison.Ordinal);
        Assert.Contains("out/49.dat", mail.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("out/50.dat", mail.Body, StringComparison.Ordinal);
        Assert.Contains("… and 20 more", mail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Greeting_FallsBackToTheUserId()
    {
        var mail = JobMailFormatter.Started(Jobs.Running(), new MailRecipient("bob", "bob@lab.test", null), "");
        Assert.StartsWith("Hello bob,\n", mail.Body, StringComparison.Ordinal);
    }
}
