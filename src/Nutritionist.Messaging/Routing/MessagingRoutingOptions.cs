namespace Nutritionist.Messaging.Routing;

/// <summary>
/// Which named provider sends each message, per platform, bound from <c>NutritionistMessaging:Routing</c>. Empty (the
/// default) sends everything through the platform's one provider, as before named providers existed.
/// </summary>
/// <example>
/// <code>
/// "NutritionistMessaging": {
///   "Routing": {
///     "WhatsApp": {
///       "Rules": [ { "Countries": [ "BR", "MX" ], "Provider": "meta" } ],
///       "Default": "twilio",
///       "Failover": [ "meta" ]
///     }
///   }
/// }
/// </code>
/// </example>
public sealed class MessagingRoutingOptions
{
    /// <summary>The configuration sub-section (under <c>NutritionistMessaging</c>) the options are read from.</summary>
    public const string SectionName = "Routing";

    /// <summary>
    /// The configuration sub-section (under <c>NutritionistMessaging</c>) holding one section per named provider, by its name:
    /// <c>NutritionistMessaging:Providers:twilio-eu:AccountSid</c>. Named registrations bind their options from it.
    /// </summary>
    public const string ProvidersSectionName = "Providers";

    /// <summary>How SMS messages choose their provider.</summary>
    public PlatformRoutingOptions Sms { get; set; } = new();

    /// <summary>How WhatsApp messages choose their provider.</summary>
    public PlatformRoutingOptions WhatsApp { get; set; } = new();

    /// <summary>The routing of <paramref name="platform"/>.</summary>
    /// <param name="platform">The platform.</param>
    /// <returns><see cref="Sms"/> or <see cref="WhatsApp"/>.</returns>
    public PlatformRoutingOptions For(MessagingPlatform platform) => platform == MessagingPlatform.Sms ? Sms : WhatsApp;
}
