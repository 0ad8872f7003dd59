using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Nmpi.Gateway.Jobs;

/// <summary>Converts between google.protobuf.Struct and the JSON object text the grains store.</summary>
public static class StructJson
{
    /// <summary>The JSON object text of a Struct; "{}" for none.</summary>
    public static string ToJson(Struct? value) => value is null ? "{}" : JsonFormatter.Default.Format(value);

    /// <summary>Parses a JSON object text; null when it is not one.</summary>
    public static Struct? TryParse(string? json)
    {
        // Most jobs carry no configuration or provenance: skip the JSON parser for them.
        if (string.IsNullOrWhiteSpace(json) || json == "{}")
        {
            return new Struct();
        }

        try
        {
            return JsonParser.Default.Parse<Struct>(json);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
        catch (InvalidJsonException)
        {
            return null;
        }
    }
}
