using Nmpi.GrainInterfaces.Jobs;
using Nmpi.Grains.Jobs;

namespace Nmpi.Grains.Tests.Jobs;

public sealed class JobStateMachineTests
{
    private static readonly (JobStatus From, JobStatus To)[] Allowed =
    [
        (JobStatus.Submitted, JobStatus.Validated),
        (JobStatus.Submitted, JobStatus.Cancelled),
        (JobStatus.Validated, JobStatus.Running),
        (JobStatus.Validated, JobStatus.Cancelled),
        (JobStatus.Validated, JobStatus.Submitted),
        (JobStatus.Validated, JobStatus.Error),
        (JobStatus.Running, JobStatus.Finished),
        (JobStatus.Running, JobStatus.Error),
        (JobStatus.Running, JobStatus.Cancelling),
        (JobStatus.Running, JobStatus.Submitted),
        (JobStatus.Cancelling, JobStatus.Cancelled),
        (JobStatus.Finished, JobStatus.Removed),
        (JobStatus.Error, JobStatus.Removed),
        (JobStatus.Cancelled, JobStatus.Removed),
    ];

    public static TheoryData<JobStatus, JobStatus> AllowedMoves()
    {
        var data = new TheoryData<JobStatus, JobStatus>();
        foreach (var (from, to) in Allowed)
        {
            data.Add(from, to);
        }

        return data;
    }

    public static TheoryData<JobStatus, JobStatus> ForbiddenMoves()
    {
        var data = new TheoryData<JobStatus, JobStatus>();
        foreach (var from in Enum.GetValues<JobStatus>())
        {
            foreach (var to in Enum.GetValues<JobStatus>())
            {
                if (!Allowed.Contains((from, to)))
                {
                    data.Add(from, to);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllowedMoves))]
    public void Move_Allowed_ChangesStatusAndRecordsTheMove(JobStatus from, JobStatus to)
    {
        var at = DateTimeOffset.Parse("2026-11-25T12:00:00Z");
        var moved = JobStateMachine.Move(Job(from), to, at, "alice", "because");

        Assert.Equal(to, moved.Status);
        var recorded = Assert.Single(moved.History);
        Assert.Equal(new JobTransition(from, to, at, "alice", "because"), recorded);
    }

    [Theory]
    [MemberData(nameof(ForbiddenMoves))]
    public void Move_Forbidden_IsRefusedAndChangesNothing(JobStatus from, JobStatus to)
    {
        var job = Job(from);

        var refused = Assert.Throws<JobRejectedException>(() => JobStateMachine.Move(job, to, DateTimeOffset.UnixEpoch, "alice", "x"));

        Assert.Equal(JobRejection.InvalidTransition, refused.Rejection);
        Assert.Equal(from, job.Status);
        Assert.Empty(job.History);
    }

    [Fact]
    public void States_CoverEveryStatus()
    {
        Assert.Equal(Enum.GetValues<JobStatus>().Order(), JobStateMachine.States.Order());
    }

    [Theory]
    [InlineData(JobStatus.Finished, true)]
    [InlineData(JobStatus.Error, true)]
    [InlineData(JobStatus.Cancelled, true)]
    [InlineData(JobStatus.Removed, true)]
    [InlineData(JobStatus.Submitted, false)]
    [InlineData(JobStatus.Validated, false)]
    [InlineData(JobStatus.Running, false)]
    [InlineData(JobStatus.Cancelling, false)]
    public void IsTerminal_OnlyForEndStates(JobStatus status, bool terminal)
    {
        Assert.Equal(terminal, JobStateMachine.IsTerminal(status));
        Assert.Equal(terminal, Job(status).IsTerminal);
    }

    [Fact]
    public void Name_RoundTripsThroughParse()
    {
        foreach (var status in Enum.GetValues<JobStatus>())
        {
            Assert.Equal(status, JobStateMachine.Parse(JobStateMachine.Name(status)));
        }

        Assert.Throws<FormatException>(() => JobStateMachine.Parse("exploded"));
    }

    internal static JobSnapshot Job(JobStatus status) => new()
    {
        Id = 7,
        Status = status,
        SubmittedAt = DateTimeOffset.UnixEpoch,
        Spec = new JobSpec
        {
            RequestId = "request-0001",
            CodeSource = CodeSource.Inline,
            Code = "print('hi')",
            Command = "run.py {system}",
            Platform = "SpiNNaker",
            Collab = "neuro",
            UserId = "alice",
            WallTimeLimit = TimeSpan.FromMinutes(10),
        },
    };
}
