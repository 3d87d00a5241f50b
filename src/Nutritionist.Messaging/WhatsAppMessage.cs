namespace Nutritionist.Messaging;

/// <summary>A WhatsApp message as the router hands it to an <see cref="IWhatsAppProvider"/>: already validated and normalised.</summary>
public sealed class WhatsAppMessage
{
    /// <summary>Creates a message for a provider.</summary>
    /// <param name="to">The recipient in E.164 (<c>+14155552671</c>), without the <c>whatsapp:</c> prefix.</param>
    /// <param name="body">The text, or <see langword="null"/> for a template or media-only message.</param>
    public WhatsAppMessage(string to, string? body)
    {
        ArgumentException.ThrowIfNullOrEmpty(to);
        To = to;
        Body = body;
    }

    /// <summary>The recipient in E.164.</summary>
    public string To { get; }

    /// <summary>The text.</summary>
    public string? Body { get; }

    /// <summary>The recipient's ISO 3166-1 region, when known.</summary>
    public string? RegionCode { get; init; }

    /// <summary>Media to attach (absolute https URLs).</summary>
    public IReadOnlyList<Uri> MediaUrls { get; init; } = [];

    /// <summary>The content template to send instead of free-form text.</summary>
    public WhatsAppTemplate? Template { get; init; }

    /// <summary>The caller's reference.</summary>
    public string? ClientReference { get; init; }

    /// <summary>A per-message status callback URL, overriding the configured one.</summary>
    public Uri? StatusCallback { get; init; }

    /// <summary>
    /// The provider's id of the message this one replies to (a WhatsApp <c>wamid.…</c>, as in
    /// <c>InboundMessage.ProviderMessageId</c>); the reply is shown quoting it. Providers that cannot quote ignore it.
    /// </summary>
    public string? ReplyToMessageId { get; init; }

    /// <summary>
    /// Whether WhatsApp should render a preview of the first link in <see cref="Body"/>; <see langword="null"/> leaves it to
    /// the provider's setting. Providers without the option ignore it.
    /// </summary>
    public bool? PreviewUrl { get; init; }

    /// <summary>
    /// What kind of media <see cref="MediaUrls"/> holds, when the URL's file extension does not tell (a URL without one, or
    /// a signed URL with a query). <see langword="null"/> lets the provider infer it from the extension.
    /// </summary>
    public WhatsAppMediaKind? MediaKind { get; init; }

    /// <summary>
    /// The id of media already uploaded to WhatsApp, sent by id instead of <see cref="MediaUrls"/> (the Cloud API's media
    /// <c>id</c>); <see cref="MediaKind"/> says what it is. Providers that send media by URL only refuse it.
    /// </summary>
    public string? MediaId { get; init; }

    /// <summary>
    /// Reply buttons or a list to send instead of text, already checked against WhatsApp's limits. Providers that cannot
    /// send interactive messages refuse it with <see cref="MessagingErrorCode.InvalidMessage"/>.
    /// </summary>
    public WhatsAppInteractive? Interactive { get; init; }
}
