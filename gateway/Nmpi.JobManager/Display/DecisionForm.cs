using System.Globalization;
using Nmpi.Api.V1;

namespace Nmpi.JobManager.Display;

/// <summary>An administrator's decision on one request under review, as typed (kept when refused), with the errors beside each field.</summary>
public sealed class DecisionForm
{
    public const string Decision = "decision";
    public const string Note = "note";
    public const string Accept = "accept";
    public const string Reject = "reject";

    public long RequestId { get; init; }

    public string DecisionValue { get; init; } = "";

    public string NoteValue { get; init; } = "";

    /// <summary>The amount to grant as typed, per platform.</summary>
    public Dictionary<string, string> Grants { get; init; } = new(StringComparer.Ordinal);

    public FormErrors Errors { get; } = new();

    public static string GrantField(string platform) => "grant-" + platform;

    /// <summary>Checks what the page itself can, then builds the request; null when a field is refused (see <see cref="Errors"/>).</summary>
    public DecideResourceRequestRequest? ToRequest(ResourceRequest under)
    {
        ArgumentNullException.ThrowIfNull(under);
        var request = new DecideResourceRequestRequest { Id = RequestId, Note = NoteValue };
        switch (DecisionValue)
        {
            case Accept:
                request.Accept = true;
                foreach (var asked in under.Requested)
                {
                    var text = Grants.TryGetValue(asked.Platform, out var typed) ? typed : "";
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && double.IsFinite(amount))
                    {
                        request.Granted.Add(new PlatformAmount { Platform = asked.Platform, Amount = amount });
                    }
                    else
                    {
                        Errors.Add(GrantField(asked.Platform), "must be a number (0 grants nothing on this platform)");
                    }
                }

                break;
            case Reject:
                if (NoteValue.Length == 0)
                {
                    Errors.Add(Note, "say why the request is rejected; the requester reads it");
                }

                break;
            default:
                Errors.Add("", "choose Accept or Reject");
                break;
        }

        return Errors.Any ? null : request;
    }

    /// <summary>Puts a violation of DecideResourceRequest (granted[1].amount, note, …) beside the field it concerns.</summary>
    public void AddViolation(string requestField, string description, DecideResourceRequestRequest sent)
    {
        ArgumentNullException.ThrowIfNull(requestField);
        ArgumentNullException.ThrowIfNull(sent);
        if (requestField == Note)
        {
            Errors.Add(Note, description);
        }
        else if (ResourceRequestForm.AmountIndex(requestField) is { } index && index < sent.Granted.Count)
        {
            Errors.Add(GrantField(sent.Granted[index].Platform), description);
        }
        else
        {
            Errors.Add("", $"{requestField}: {description}");
        }
    }
}
