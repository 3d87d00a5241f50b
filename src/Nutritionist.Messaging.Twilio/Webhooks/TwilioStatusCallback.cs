namespace Nutritionist.Messaging.Twilio;

/// <summary>A delivery status update from Twilio's status-callback webhook.</summary>
public sealed record TwilioStatusCallback
{
    /// <summary>The message SID (<c>MessageSid</c>), as returned when the message was sent.</summary>
    public required string MessageSid { get; init; }

    /// <summary>Twilio's status word, lower case (<c>MessageStatus</c>: queued, sent, delivered, read, failed, undelivered, …).</summary>
    public required string MessageStatus { get; init; }

    /// <summary>Twilio's error code for failed or undelivered messages (<c>ErrorCode</c>).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Twilio's error text, when given (<c>ErrorMessage</c>).</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The account (<c>AccountSid</c>).</summary>
    public string? AccountSid { get; init; }

    /// <summary>The sender, without the <c>whatsapp:</c> prefix (<c>From</c>).</summary>
    public string? From { get; init; }

    /// <summary>The recipient, without the <c>whatsapp:</c> prefix (<c>To</c>).</summary>
    public string? To { get; init; }

    /// <summary>When the library received the webhook.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Every parameter of the request, including ones this type does not model.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];
}
