using Nmpi.Api.Platforms;
using Nmpi.Api.V1;

namespace Nmpi.JobManager.Display;

/// <summary>The new-job form filled from an earlier job (resubmit): its code, command, platform, input data, tags and hardware config.</summary>
public static class NewJobPrefill
{
    public static NewJobForm From(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var (typed, json) = HardwareConfigFields.Split(PlatformCatalog.Find(job.HardwarePlatform), job.HardwareConfig);
        var code = job.Code ?? new JobCode();
        return new NewJobForm
        {
            ResubmitOf = job.Id,
            PlatformValue = job.HardwarePlatform,
            CodeKindValue = CodeText.Kind(code) is "none" ? "inline" : CodeText.Kind(code),
            CodeValue = code.Inline,
            GitUrlValue = code.GitUrl,
            ArchiveUrlValue = code.ArchiveUrl,
            ArtifactValue = code.ArtifactId,
            CommandValue = job.Command,
            InputDataValue = string.Join("\n", job.InputData),
            TagsValue = NewJobForm.TagLines(job.Tags),
            HardwareConfigValue = json,
            HardwareValues = typed,
        };
    }
}
