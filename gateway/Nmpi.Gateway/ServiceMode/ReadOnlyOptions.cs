namespace Nmpi.Gateway.ServiceMode;

/// <summary>The operator's read-only switch, bound from <c>Nmpi:Gateway:ReadOnly</c>; read anew on every configuration reload.</summary>
public sealed class ReadOnlyOptions
{
    public const string SectionName = "Nmpi:Gateway:ReadOnly";

    /// <summary>The longest message the operator may give.</summary>
    public const int MaxMessageLength = 500;

    /// <summary>The message when the operator gives none.</summary>
    public const string DefaultMessage =
        "The job service is read-only for maintenance: jobs, logs and results can be read, but nothing can be submitted or changed.";

    /// <summary>When true, every call of a user or administrator that would change something is refused with UNAVAILABLE (READ_ONLY).</summary>
    public bool Enabled { get; set; }

    /// <summary>Said to callers and shown in the pages' banner (for example when writing resumes); empty: <see cref="DefaultMessage"/>.</summary>
    public string Message { get; set; } = "";

    /// <summary>The message callers get: one line, at most <see cref="MaxMessageLength"/> characters (a reload must never fail calls).</summary>
    public string EffectiveMessage
    {
        get
        {
            var line = new string([.. Message.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
            return line.Length == 0 ? DefaultMessage : line[..Math.Min(line.Length, MaxMessageLength)];
        }
    }
}
