using System.Globalization;
using System.Text.Json;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>Lenient reads of members of Twilio's JSON answers: a missing member or one of another kind reads as absent.</summary>
internal static class TwilioJson
{
    /// <summary>The string member <paramref name="name"/> of <paramref name="element"/>, if it is one.</summary>
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>The object member <paramref name="name"/> of <paramref name="element"/>, if it is one.</summary>
    public static JsonElement? Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    /// <summary>The array member <paramref name="name"/> of <paramref name="element"/>, if it is one.</summary>
    public static JsonElement? Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value
            : null;

    /// <summary>
    /// The date member <paramref name="name"/> (ISO 8601, e.g. <c>2015-07-30T20:00:00Z</c>, as Twilio writes them), in UTC;
    /// a date without an offset is taken as UTC.
    /// </summary>
    public static DateTimeOffset? Date(JsonElement element, string name) =>
        String(element, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : null;
}
