namespace Nmpi.Grains.Notifications;

/// <summary>The job events a submitter is told about.</summary>
public enum JobMailKind
{
    /// <summary>The job started running at a site.</summary>
    Started = 1,

    /// <summary>The job reached finished, error or cancelled.</summary>
    Ended = 2,
}
