using System.Text.Json.Serialization;

namespace Nutritionist.Messaging.Twilio.Internal;

/// <summary>
/// The members of Twilio's Message resource (<c>api.v2010.account.message</c> in twilio_api_v2010.json) that a send
/// reports; every other member of the answer is ignored.
/// </summary>
internal sealed class TwilioCreatedMessage
{
    /// <summary>The message SID (<c>SM…</c> or <c>MM…</c>).</summary>
    [JsonPropertyName("sid")]
    public string? Sid { get; init; }

    /// <summary>Twilio's status word (<c>queued</c>, <c>accepted</c>, …).</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>The sender Twilio used; <see langword="null"/> when a Messaging Service has not picked one yet.</summary>
    [JsonPropertyName("from")]
    public string? From { get; init; }

    /// <summary>The number of billed segments.</summary>
    /// <remarks>The spec types it as a string ("1"); a number is read too, and anything else as unknown, because a
    /// message Twilio accepted must not turn into a failure over a field only reported for information.</remarks>
    [JsonPropertyName("num_segments")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? NumSegments { get; init; }
}
