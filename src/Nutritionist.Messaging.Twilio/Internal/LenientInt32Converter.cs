using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>Reads an integer given as a JSON number or a numeric string; anything else reads as <see langword="null"/>.</summary>
/// <remarks>Twilio types some counts and codes as strings and others as numbers; neither may fail a read over its shape.</remarks>
internal sealed class LenientInt32Converter : JsonConverter<int?>
{
    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetInt32(out var number) && number >= 0 ? number : null;
            case JsonTokenType.String:
                return int.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Twilio's answers are only read.");
}
