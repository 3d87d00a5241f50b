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
}
