namespace Nutritionist.Messaging.Inbound;

/// <summary>A message a person sent to one of the application's numbers.</summary>
public sealed class InboundMessage
{
    /// <summary>Creates an inbound message.</summary>
    /// <param name="platform">The platform it arrived on.</param>
    /// <param name="from">The sender in E.164.</param>
    /// <param name="body">The text (empty for media-only messages).</param>
    public InboundMessage(MessagingPlatform platform, string from, string? body)
    {
        ArgumentException.ThrowIfNullOrEmpty(from);
        Platform = platform;
        From = from;
        Body = body ?? string.Empty;
    }

    /// <summary>The platform it arrived on.</summary>
    public MessagingPlatform Platform { get; }

    /// <summary>The sender in E.164 (without <c>whatsapp:</c>).</summary>
    public string From { get; }

    /// <summary>The application's number (or WhatsApp sender) it was sent to, in E.164.</summary>
    public string? To { get; init; }

    /// <summary>The text; empty when the message has only media.</summary>
    public string Body { get; }

    /// <summary>Media attached to the message.</summary>
    public IReadOnlyList<InboundMedia> Media { get; init; } = [];

    /// <summary>The provider's id for the message (AWS <c>inboundMessageId</c>, Twilio <c>MessageSid</c>).</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>When the provider received it.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The keyword the provider matched (AWS <c>messageKeyword</c>), when it says.</summary>
    public string? Keyword { get; init; }

    /// <summary>The sender's WhatsApp profile name, when known.</summary>
    public string? ProfileName { get; init; }

    /// <summary>The id of the message this one replies to, when known (AWS <c>previousPublishedMessageId</c>, Twilio <c>OriginalRepliedMessageSid</c>).</summary>
    public string? InReplyToMessageId { get; init; }

    /// <summary>The payload of a WhatsApp quick-reply button the person pressed.</summary>
    public string? ButtonPayload { get; init; }

    /// <summary>The text of a WhatsApp quick-reply button the person pressed.</summary>
    public string? ButtonText { get; init; }

    /// <summary>The provider that delivered it to the application (<c>"aws-sms"</c>, <c>"twilio-whatsapp"</c>).</summary>
    public string? ProviderName { get; init; }
}
