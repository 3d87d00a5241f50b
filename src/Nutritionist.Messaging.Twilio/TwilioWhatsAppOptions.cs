namespace Nutritionist.Messaging.Twilio;

/// <summary>
/// Settings of the Twilio WhatsApp provider, bound from <c>NutritionistMessaging:Twilio</c>. Values left unset fall back to
/// the environment variables <c>TWILIO_ACCOUNT_SID</c>, <c>TWILIO_AUTH_TOKEN</c> and <c>TWILIO_WHATSAPP_NUMBER</c>.
/// The settings are validated when the host starts.
/// </summary>
/// <remarks>
/// The provider reads the settings once, when it is first resolved; changing credentials needs a restart.
/// Secrets (<see cref="AuthToken"/>, <see cref="ApiKeySecret"/>) never appear in logs or validation messages.
/// </remarks>
public sealed class TwilioWhatsAppOptions
{
    /// <summary>The configuration section, below <c>NutritionistMessaging</c>, these options are read from.</summary>
    public const string SectionName = "Twilio";

    /// <summary>The default <see cref="ApiBaseUrl"/>: Twilio's production API.</summary>
    public static readonly Uri DefaultApiBaseUrl = new("https://api.twilio.com");

    /// <summary>
    /// The account SID (<c>AC</c> and 32 hexadecimal characters). Required. Falls back to <c>TWILIO_ACCOUNT_SID</c>.
    /// </summary>
    public string? AccountSid { get; set; }

    /// <summary>
    /// The account's auth token. Either it or <see cref="ApiKeySid"/> with <see cref="ApiKeySecret"/> is required; it is
    /// also the key Twilio signs webhooks with. Falls back to <c>TWILIO_AUTH_TOKEN</c>. Never logged.
    /// </summary>
    public string? AuthToken { get; set; }

    /// <summary>An API key SID (<c>SK</c> and 32 hexadecimal characters); when set with <see cref="ApiKeySecret"/> it is used for REST calls instead of <see cref="AuthToken"/>.</summary>
    public string? ApiKeySid { get; set; }

    /// <summary>The API key's secret. Never logged.</summary>
    public string? ApiKeySecret { get; set; }

    /// <summary>
    /// The WhatsApp sender, <c>whatsapp:</c> followed by an E.164 number (<c>whatsapp:+14155238886</c>).
    /// Either it or <see cref="MessagingServiceSid"/> is required. Falls back to <c>TWILIO_WHATSAPP_NUMBER</c>
    /// (a bare <c>+E164</c> value there gets the <c>whatsapp:</c> prefix).
    /// </summary>
    public string? From { get; set; }

    /// <summary>
    /// A Messaging Service SID (<c>MG</c> and 32 hexadecimal characters). When set, messages are sent with
    /// <c>MessagingServiceSid</c> and Twilio picks the sender from the service's sender pool; <see cref="From"/> is then
    /// not sent.
    /// </summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>
    /// The URL Twilio posts delivery status updates to, unless a message carries its own
    /// (<see cref="WhatsAppMessage.StatusCallback"/>). Must be absolute http or https.
    /// </summary>
    public Uri? StatusCallbackUrl { get; set; }

    /// <summary>
    /// Where every Twilio REST request goes. Default <c>https://api.twilio.com</c> (no redirection). When set to anything
    /// else (the sandbox, a test server), requests for every Twilio host (<c>api.twilio.com</c>,
    /// <c>content.twilio.com</c>, <c>messaging.twilio.com</c>, …) are sent to this scheme, host and port, with this URL's
    /// path (if any) in front of the original path, and the original host in an <c>X-Forwarded-Host</c> header.
    /// The APIs' paths do not overlap (<c>/2010-04-01/…</c>, <c>/v1/Content…</c>, <c>/v2/Channels/Senders…</c>), so one
    /// server on one port can tell them apart.
    /// </summary>
    public Uri ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>
    /// The WhatsApp sender's SID in the Senders API (<c>XE</c> and 32 hexadecimal characters), used by
    /// <see cref="IWhatsAppBusinessProfile"/>. When unset, the sender is found by listing the account's WhatsApp senders
    /// and matching <see cref="From"/>.
    /// </summary>
    public string? SenderSid { get; set; }

    /// <summary>
    /// Content SIDs of provider-neutral templates (<see cref="WhatsAppTemplate.Create"/>), by template name and then
    /// language: <c>Templates["order_ready"]["en_US"] = "HX…"</c>, bound from
    /// <c>NutritionistMessaging:Twilio:Templates:order_ready:en_US</c>. A template found here is sent with that SID; one
    /// that is not is looked up in the account's content templates (by WhatsApp template name or friendly name and
    /// language), cached for <see cref="TemplateCacheDuration"/>. Names and languages are matched without regard to case.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> Templates { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How long the account's content templates, read to resolve a template by name, are kept before they are read again.
    /// Default 10 minutes; <see cref="TimeSpan.Zero"/> reads them for every such message.
    /// </summary>
    public TimeSpan TemplateCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one REST request may take before it is abandoned. Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The public base URL Twilio calls webhooks on (<c>https://example.com</c>), for hosts behind a proxy or load
    /// balancer that rewrites the scheme, host or port. When set, <see cref="TwilioWebhookHandler"/> validates
    /// signatures against this scheme, host and port (and path prefix) joined with the received path and query, instead of
    /// the URL the host saw.
    /// </summary>
    public Uri? WebhookPublicBaseUrl { get; set; }
}
