namespace Nutritionist.Messaging.Sandbox;

/// <summary>A message one of the emulated APIs accepted.</summary>
/// <param name="Provider">The API that accepted it.</param>
/// <param name="MessageId">The id it answered with (an AWS <c>MessageId</c>, a Twilio <c>SM…</c> SID).</param>
/// <param name="To">The recipient: <c>+E164</c>, or <c>whatsapp:+E164</c> for WhatsApp through any provider.</param>
/// <param name="From">The origination identity or sender, when the request named one.</param>
/// <param name="Body">The text, when there was one.</param>
/// <param name="AcceptedAt">When the sandbox accepted it, on its <see cref="TimeProvider"/>.</param>
public sealed record SandboxMessage(SandboxProvider Provider, string MessageId, string To, string? From, string? Body, DateTimeOffset AcceptedAt)
{
    /// <summary>The media URLs (AWS <c>MediaUrls</c>, Twilio <c>MediaUrl</c>).</summary>
    public IReadOnlyList<string> MediaUrls { get; init; } = [];

    /// <summary>The Twilio Content SID of a template message.</summary>
    public string? ContentSid { get; init; }

    /// <summary>The Twilio <c>ContentVariables</c> JSON of a template message.</summary>
    public string? ContentVariables { get; init; }

    /// <summary>The AWS configuration set named in the request.</summary>
    public string? ConfigurationSetName { get; init; }

    /// <summary>The AWS <c>Context</c> map, which AWS copies into the message's events.</summary>
    public IReadOnlyDictionary<string, string> Context { get; init; } = new Dictionary<string, string>();

    /// <summary>The AWS <c>MessageType</c> of an SMS, or the Cloud API message type (<c>text</c>, <c>interactive</c>, …) of a Meta or AWS WhatsApp message.</summary>
    public string? MessageType { get; init; }

    /// <summary>The Twilio <c>StatusCallback</c> URL, when set (the sandbox records it; it does not call it).</summary>
    public string? StatusCallback { get; init; }

    /// <summary>
    /// The WhatsApp Cloud API message object as received (Meta's request body, or the decoded <c>message</c> blob of AWS's
    /// <c>SendWhatsAppMessage</c>); <see langword="null"/> for Twilio and SMS.
    /// </summary>
    public string? CloudApiMessage { get; init; }

    /// <summary>Whether it was an AWS dry run (accepted, never delivered, no events).</summary>
    public bool DryRun { get; init; }

    /// <summary>The recipient in E.164, without any <c>whatsapp:</c> prefix.</summary>
    public string Recipient => To.StartsWith("whatsapp:", StringComparison.OrdinalIgnoreCase) ? To["whatsapp:".Length..] : To;

    /// <summary>The platform it went out on: WhatsApp for a <c>whatsapp:</c> recipient, SMS otherwise.</summary>
    public MessagingPlatform Platform => To.StartsWith("whatsapp:", StringComparison.OrdinalIgnoreCase) ? MessagingPlatform.WhatsApp : MessagingPlatform.Sms;
}
