namespace Nutritionist.Messaging;

/// <summary>
/// One message to send. Set <see cref="Body"/>, <see cref="MediaUrls"/>, <see cref="Template"/> or (WhatsApp)
/// <see cref="Interactive"/> (at least one).
/// </summary>
/// <example>
/// <code>
/// var message = new OutboundMessage("+14155552671", "Your meal plan is ready!") { Platform = MessagingPlatform.WhatsApp };
/// </code>
/// </example>
public sealed class OutboundMessage
{
    /// <summary>Creates a message with no content yet; set <see cref="Body"/>, <see cref="MediaUrls"/> or <see cref="Template"/>.</summary>
    /// <param name="to">The recipient, in any format people type (normalised to E.164 before sending).</param>
    public OutboundMessage(string to)
    {
        ArgumentNullException.ThrowIfNull(to);
        To = to;
    }

    /// <summary>Creates a text message.</summary>
    /// <param name="to">The recipient, in any format people type (normalised to E.164 before sending).</param>
    /// <param name="body">The text.</param>
    public OutboundMessage(string to, string? body)
        : this(to)
    {
        Body = body;
    }

    /// <summary>
    /// The recipient as given: <c>+14155552671</c>, <c>(415) 555-2671</c> with a default region, <c>0044 20…</c>
    /// or <c>whatsapp:+…</c>.
    /// </summary>
    public string To { get; }

    /// <summary>The text of the message. Up to 1600 characters.</summary>
    public string? Body { get; init; }

    /// <summary>
    /// The platform to send on; <see langword="null"/> lets the router choose
    /// (<see cref="MessagingOptions.DefaultPlatform"/>).
    /// </summary>
    public MessagingPlatform? Platform { get; init; }

    /// <summary>Absolute URLs of media to attach (https for WhatsApp; one <c>s3://</c> object for MMS through AWS).</summary>
    public IReadOnlyList<Uri> MediaUrls { get; init; } = [];

    /// <summary>A pre-approved WhatsApp template; only valid on <see cref="MessagingPlatform.WhatsApp"/>.</summary>
    public WhatsAppTemplate? Template { get; init; }

    /// <summary>
    /// The caller's own reference for this one message (an order id with a step, a job id). It travels with the message to
    /// the provider where the provider allows, and comes back on delivery status updates. It is also the message's
    /// idempotency key: a second send with the same reference within <see cref="MessagingOptions.SendClaimLifetime"/>
    /// reaches no provider and returns the first send's result (see <see cref="SendResult.IsReplay"/>), or
    /// <see cref="SendStatus.Unknown"/> while the first is in flight. Do not reuse one reference for several messages.
    /// </summary>
    public string? ClientReference { get; init; }

    /// <summary>
    /// The caller's own labels for routing (<c>tenant</c> = <c>acme</c>): a rule's <see cref="Routing.ProviderRoutingRule.Properties"/>
    /// can pick the provider by them. They are not sent to the provider. Empty by default.
    /// </summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = System.Collections.Frozen.FrozenDictionary<string, string>.Empty;

    /// <summary>Where the provider should post status callbacks for this message (Twilio), overriding the configured one.</summary>
    public Uri? StatusCallback { get; init; }

    /// <summary>
    /// WhatsApp: the provider's id of the message this one replies to (a <c>wamid.…</c>, as in
    /// <c>InboundMessage.ProviderMessageId</c>), shown quoted. Providers that cannot quote ignore it.
    /// </summary>
    public string? ReplyToMessageId { get; init; }

    /// <summary>WhatsApp: whether to preview the first link in <see cref="Body"/>; <see langword="null"/> leaves it to the provider's setting.</summary>
    public bool? PreviewUrl { get; init; }

    /// <summary>WhatsApp: the kind of media in <see cref="MediaUrls"/> when the URL's extension does not tell; <see langword="null"/> infers it.</summary>
    public WhatsAppMediaKind? MediaKind { get; init; }

    /// <summary>
    /// WhatsApp: the id of media already uploaded to WhatsApp (for example by <c>AwsWhatsAppMedia.UploadFromS3Async</c>),
    /// sent instead of <see cref="MediaUrls"/>, with <see cref="Body"/> as caption. Needs <see cref="MediaKind"/>. Only
    /// providers that write the Cloud API message (Meta, AWS End User Messaging Social) take it; Twilio refuses it.
    /// </summary>
    public string? MediaId { get; init; }

    /// <summary>
    /// WhatsApp: reply buttons (<see cref="WhatsAppReplyButtons"/>) or a list (<see cref="WhatsAppList"/>), sent alone
    /// (no <see cref="Body"/>, media or template beside it). Only valid on <see cref="MessagingPlatform.WhatsApp"/>.
    /// </summary>
    public WhatsAppInteractive? Interactive { get; init; }
}
