namespace Nutritionist.Messaging.CloudApi;

/// <summary>Defaults <see cref="CloudApiMessageWriter"/> applies where a <see cref="WhatsAppMessage"/> leaves a choice open.</summary>
internal sealed class CloudApiMessageOptions
{
    /// <summary>Whether text messages ask for a link preview when <see cref="WhatsAppMessage.PreviewUrl"/> is unset. Default <see langword="false"/>.</summary>
    public bool PreviewUrlByDefault { get; init; }

    /// <summary>
    /// The language code of templates referred to by name alone (<c>order_ready</c> rather than <c>order_ready:pt_BR</c>).
    /// Default <c>en_US</c>.
    /// </summary>
    public string DefaultTemplateLanguage { get; init; } = "en_US";
}
