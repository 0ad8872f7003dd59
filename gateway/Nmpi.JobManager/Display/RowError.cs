namespace Nmpi.JobManager.Display;

/// <summary>A refusal of a button in one row of a list (submit or delete a draft), shown in that row.</summary>
public sealed record RowError(long RequestId, string Message);
