using System.Text.Json.Serialization;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>Twilio's error answer: <c>{"code", "message", "more_info", "status"}</c>.</summary>
/// <remarks>Read by <see cref="TwilioErrorMapper"/>: its code decides the classification (an opt-out 21610, a closed
/// session window 63016, …).</remarks>
internal sealed class TwilioErrorDocument
{
    /// <summary>Twilio's error code (21211, 63016, …).</summary>
    [JsonPropertyName("code")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Code { get; init; }

    /// <summary>Twilio's text.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>The error's page in Twilio's reference.</summary>
    [JsonPropertyName("more_info")]
    public string? MoreInfo { get; init; }
}
