using System.Globalization;
using Nmpi.Api.Platforms;
using Nmpi.Api.V1;

namespace Nmpi.JobManager.Display;

/// <summary>The form asking for more quota: title, abstract and an amount per platform, as typed, with the errors beside each.</summary>
public sealed class ResourceRequestForm
{
    public const string Title = "title";
    public const string Abstract = "abstract";
    public const string Requested = "requested";

    /// <summary>The draft being edited (hidden field); absent for a new request.</summary>
    public const string Id = "request_id";

    /// <summary>Which button sent the form: <see cref="SubmitAction"/> (the default) or <see cref="DraftAction"/>.</summary>
    public const string Action = "action";
    public const string SubmitAction = "submit";
    public const string DraftAction = "draft";

    /// <summary>The draft (in preparation) this form edits, or 0 for a new request.</summary>
    public long EditingId { get; set; }

    public string TitleValue { get; init; } = "";

    public string AbstractValue { get; init; } = "";

    /// <summary>The amount typed per platform name ("" where none was asked for).</summary>
    public Dictionary<string, string> Amounts { get; init; } = new(StringComparer.Ordinal);

    public FormErrors Errors { get; } = new();

    /// <summary>The form filled from a draft, to edit it.</summary>
    public static ResourceRequestForm From(ResourceRequest draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return new ResourceRequestForm
        {
            EditingId = draft.Id,
            TitleValue = draft.Title,
            AbstractValue = draft.Abstract,
            // Every digit kept (shortest round-trip form), so saving the draft unchanged changes no amount.
            Amounts = draft.Requested.ToDictionary(a => a.Platform, a => a.Amount.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal),
        };
    }

    /// <summary>The form field of a platform's amount.</summary>
    public static string AmountField(string platform) => "amount-" + platform;

    public string AmountOf(string platform) => Amounts.TryGetValue(platform, out var value) ? value : "";

    /// <summary>The amounts as the request carries them, in catalog order; a value that is no number is an error beside its field.</summary>
    public List<PlatformAmount> Parse()
    {
        var requested = new List<PlatformAmount>();
        foreach (var platform in PlatformCatalog.All)
        {
            var text = AmountOf(platform.Name);
            if (text.Length == 0)
            {
                continue;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && double.IsFinite(amount))
            {
                requested.Add(new PlatformAmount { Platform = platform.Name, Amount = amount });
            }
            else
            {
                Errors.Add(AmountField(platform.Name), "must be a number, e.g. 12.5");
            }
        }

        return requested;
    }

    /// <summary>Puts a violation of a request field (title, requested[2].amount, …) beside the form field it concerns.</summary>
    public void AddViolation(string requestField, string description, IReadOnlyList<PlatformAmount> sent)
    {
        ArgumentNullException.ThrowIfNull(requestField);
        ArgumentNullException.ThrowIfNull(sent);
        if (requestField is Title or Abstract or Requested)
        {
            Errors.Add(requestField, description);
        }
        else if (AmountIndex(requestField) is { } index && index < sent.Count)
        {
            Errors.Add(AmountField(sent[index].Platform), description);
        }
        else
        {
            Errors.Add("", $"{requestField}: {description}");
        }
    }

    /// <summary>The index in <c>requested[3].amount</c> or <c>granted[0].platform</c>, or null.</summary>
    public static int? AmountIndex(string requestField)
    {
        ArgumentNullException.ThrowIfNull(requestField);
        var open = requestField.IndexOf('[', StringComparison.Ordinal);
        var close = requestField.IndexOf(']', StringComparison.Ordinal);
        return open > 0 && close > open && int.TryParse(requestField.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
    }
}
