namespace Nutritionist.Messaging.Twilio;

/// <summary>An inbound WhatsApp (or SMS) message from Twilio's incoming-message webhook.</summary>
public sealed record TwilioInboundMessage
{
    /// <summary>The message SID (<c>MessageSid</c>, <c>SM…</c>/<c>MM…</c>).</summary>
    public required string MessageSid { get; init; }

    /// <summary>The account the message arrived on (<c>AccountSid</c>).</summary>
    public string? AccountSid { get; init; }

    /// <summary>The sender in E.164, without the <c>whatsapp:</c> prefix (from <c>From</c>).</summary>
    public required string From { get; init; }

    /// <summary>Our number in E.164, without the <c>whatsapp:</c> prefix (from <c>To</c>).</summary>
    public string? To { get; init; }

    /// <summary><see langword="true"/> when <c>From</c> carried the <c>whatsapp:</c> prefix.</summary>
    public bool IsWhatsApp { get; init; }

    /// <summary>The text (<c>Body</c>); empty for media-only messages.</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>The attached media (<c>MediaUrlN</c>, <c>MediaContentTypeN</c> for N below <c>NumMedia</c>).</summary>
    public IReadOnlyList<TwilioInboundMedia> Media { get; init; } = [];

    /// <summary>The sender's WhatsApp profile name (<c>ProfileName</c>).</summary>
    public string? ProfileName { get; init; }

    /// <summary>The sender's WhatsApp id (<c>WaId</c>), their number without <c>+</c>.</summary>
    public string? WaId { get; init; }

    /// <summary>The payload of the quick-reply button the user tapped (<c>ButtonPayload</c>).</summary>
    public string? ButtonPayload { get; init; }

    /// <summary>The text of the quick-reply button the user tapped (<c>ButtonText</c>).</summary>
    public string? ButtonText { get; init; }

    /// <summary>The SID of the message this one replies to (<c>OriginalRepliedMessageSid</c>).</summary>
    public string? OriginalRepliedMessageSid { get; init; }

    /// <summary>When the library received the webhook.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Every parameter of the request, including ones this type does not model (Twilio adds new ones).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];
}
