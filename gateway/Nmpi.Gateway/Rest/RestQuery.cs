using System.Globalization;
using Microsoft.Extensions.Primitives;
using Nmpi.Gateway.Validation;

namespace Nmpi.Gateway.Rest;

/// <summary>
/// The one reader of query parameters for every REST endpoint, as v3 (FastAPI) reads them: it collects a violation for each
/// malformed parameter, and <see cref="ThrowIfInvalid"/> turns them into one 422 with FastAPI's list form.
/// </summary>
/// <remarks>Values "" and, as the EBRAINS web clients send them for unset filters, "null" and "undefined" count as absent.</remarks>
public sealed class RestQuery(IEnumerable<KeyValuePair<string, StringValues>> query)
{
    private readonly Dictionary<string, StringValues> _query = new(query, StringComparer.Ordinal);
    private readonly List<FieldViolation> _violations = [];

    /// <summary>The malformed parameters found so far, each named.</summary>
    public IReadOnlyList<FieldViolation> Violations => _violations;

    /// <summary>Records a malformed parameter.</summary>
    public void Invalid(string name, string message) => _violations.Add(new FieldViolation(name, message));

    /// <summary>Throws a 422 naming every malformed parameter, if there is one.</summary>
    /// <exception cref="RestInputException">Some parameter is malformed.</exception>
    public void ThrowIfInvalid()
    {
        if (_violations.Count > 0)
        {
            throw new RestInputException(RestInputException.Query, [.. _violations]);
        }
    }

    /// <summary>Every value of a repeatable parameter (and its <paramref name="aliases"/>), in order, each once.</summary>
    public IReadOnlyList<string> Values(string name, params string[] aliases) =>
        [.. new[] { name }.Concat(aliases)
            .SelectMany(n => _query.TryGetValue(n, out var values) ? values.OfType<string>() : [])
            .Where(v => v.Length > 0 && v is not ("null" or "undefined"))
            .Distinct(StringComparer.Ordinal)];

    /// <summary>The parameter's first value, or null when absent.</summary>
    public string? Text(string name) => Values(name) is [var first, ..] ? first : null;

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or <paramref name="fallback"/> when absent or malformed.</summary>
    public int Int(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (Text(name) is not { } text)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Invalid(name, $"value is not a valid integer: '{text}'");
            return fallback;
        }

        if (value < min || value > max)
        {
            Invalid(name, value < min ? $"ensure this value is greater than or equal to {min}" : $"ensure this value is less than or equal to {max}");
            return fallback;
        }

        return value;
    }

    /// <summary>A boolean (true/false, 1/0, yes/no, on/off, as FastAPI reads them), false when absent or malformed.</summary>
    public bool Bool(string name)
    {
        switch (Text(name)?.ToLowerInvariant())
        {
            case null or "false" or "0" or "no" or "off":
                return false;
            case "true" or "1" or "yes" or "on":
                return true;
            default:
                Invalid(name, $"value could not be parsed to a boolean: '{Text(name)}'");
                return false;
        }
    }

    /// <summary>A day (YYYY-MM-DD), null when absent or malformed.</summary>
    public DateOnly? Date(string name)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        Invalid(name, $"invalid date format (YYYY-MM-DD): '{text}'");
        return null;
    }

    /// <summary>
    /// A moment: a day (YYYY-MM-DD, UTC) from its first moment, or to its end when <paramref name="endOfDay"/>; or an ISO 8601
    /// date and time (UTC unless it says otherwise). Null when absent or malformed.
    /// </summary>
    public DateTimeOffset? Moment(string name, bool endOfDay)
    {
        if (Text(name) is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? start.AddDays(1) : start;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
        {
            return moment.ToUniversalTime();
        }

        Invalid(name, $"invalid date format (YYYY-MM-DD): '{text}'");
        return null;
    }
}
