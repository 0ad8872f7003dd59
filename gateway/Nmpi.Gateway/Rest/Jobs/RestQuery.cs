using Microsoft.Extensions.Primitives;
using Nmpi.Gateway.Validation;

namespace Nmpi.Gateway.Rest.Jobs;

/// <summary>Query-string values as v3 (FastAPI) reads them.</summary>
public static class RestQuery
{
    /// <summary>A boolean parameter: true/false, 1/0, yes/no, on/off; false when absent.</summary>
    public static bool Bool(IReadOnlyDictionary<string, StringValues> query, string name, List<FieldViolation> violations)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(violations);
        if (!query.TryGetValue(name, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return false;
        }

        switch (values[0]!.ToLowerInvariant())
        {
            case "true" or "1" or "yes" or "on":
                return true;
            case "false" or "0" or "no" or "off":
                return false;
            default:
                violations.Add(new(name, $"'{values[0]}' is not a boolean (true or false)"));
                return false;
        }
    }
}
