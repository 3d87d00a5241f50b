namespace Nutritionist.Messaging.Meta;

/// <summary>
/// Settings of the Meta WhatsApp Cloud API provider, bound from <c>NutritionistMessaging:Meta</c>. Values left unset fall
/// back to the environment variables <c>META_WHATSAPP_TOKEN</c>, <c>META_WHATSAPP_PHONE_NUMBER_ID</c>,
/// <c>META_APP_SECRET</c>, <c>META_WEBHOOK_VERIFY_TOKEN</c> and <c>META_WABA_ID</c>. The settings are validated when the host starts.
/// </summary>
/// <remarks>
/// The provider reads the settings once, when it is first resolved; changing credentials needs a restart.
/// Secrets (<see cref="AccessToken"/>, <see cref="AppSecret"/>, <see cref="VerifyToken"/>) never appear in logs or
/// validation messages.
/// </remarks>
public sealed class MetaWhatsAppOptions
{
    /// <summary>The configuration section, below <c>NutritionistMessaging</c>, these options are read from.</summary>
    public const string SectionName = "Meta";

    /// <summary>The default <see cref="ApiVersion"/>: the Graph API version of the OpenAPI description the provider is tested against.</summary>
    public const string DefaultApiVersion = "v23.0";

    /// <summary>The default <see cref="BaseUrl"/>: Meta's Graph API.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://graph.facebook.com");

    /// <summary>
    /// The access token sent as <c>Authorization: Bearer …</c>: a system user's token with the
    /// <c>whatsapp_business_messaging</c> permission. Required. Falls back to <c>META_WHATSAPP_TOKEN</c>. Never logged.
    /// </summary>
    public string? AccessToken { get; set; }

    /// <summary>
    /// The id of the business phone number messages are sent from (digits; WhatsApp Manager → API setup). Required.
    /// Falls back to <c>META_WHATSAPP_PHONE_NUMBER_ID</c>.
    /// </summary>
    public string? PhoneNumberId { get; set; }

    /// <summary>
    /// The WhatsApp Business Account id (digits; WhatsApp Manager → API setup). Optional; needed by the template catalog
    /// (<see cref="IWhatsAppTemplateCatalog"/>). Falls back to <c>META_WABA_ID</c>.
    /// </summary>
    public string? WabaId { get; set; }

    /// <summary>The Graph API version in request paths (<c>v23.0</c>). Default <see cref="DefaultApiVersion"/>.</summary>
    public string ApiVersion { get; set; } = DefaultApiVersion;

    /// <summary>
    /// Where requests go: <c>{BaseUrl}/{ApiVersion}/{PhoneNumberId}/messages</c>. Default <c>https://graph.facebook.com</c>;
    /// the sandbox and tests point it elsewhere. A path in it is kept in front of the version.
    /// </summary>
    public Uri BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>
    /// The app secret Meta signs webhook bodies with (<c>X-Hub-Signature-256</c>). Needed to accept webhook POSTs; without
    /// it they are refused. Falls back to <c>META_APP_SECRET</c>. Never logged.
    /// </summary>
    public string? AppSecret { get; set; }

    /// <summary>
    /// The verify token typed into the app's webhook settings; the GET handshake must carry it in <c>hub.verify_token</c>.
    /// Needed to answer the handshake. Falls back to <c>META_WEBHOOK_VERIFY_TOKEN</c>. Never logged.
    /// </summary>
    public string? VerifyToken { get; set; }

    /// <summary>Whether text messages ask WhatsApp for a link preview when the message does not say. Default <see langword="false"/>.</summary>
    public bool PreviewUrls { get; set; }

    /// <summary>The language of templates named without one (<c>order_ready</c> rather than <c>order_ready:pt_BR</c>). Default <c>en_US</c>.</summary>
    public string DefaultTemplateLanguage { get; set; } = "en_US";

    /// <summary>How long one request may take before it is abandoned. Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
