namespace Nutritionist.Messaging.Costs;

/// <summary>
/// Price tables for <see cref="MessagingCostEstimator"/>, bound from the <c>NutritionistMessaging:Costs</c> configuration
/// section. Each table is keyed by ISO 3166-1 alpha-2 region (any case), with <c>"*"</c> as the default for every other
/// region; every table must have a <c>"*"</c> entry.
/// </summary>
/// <remarks>
/// <para>
/// The default prices are <b>illustrative examples</b>, recorded on <see cref="DefaultPricesRecordedOn"/> (2026-11-25)
/// in US dollars, and were not read from any provider's price list. Check your own account's prices (AWS End User
/// Messaging pricing, Twilio's pricing pages or your contract) and set them here.
/// </para>
/// <para>
/// Configuration adds to and overrides the default entries; it cannot remove one. Entries for regions you do not send to
/// do no harm, but do set <c>"*"</c> and every region you do send to.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// "NutritionistMessaging": {
///   "Costs": {
///     "Currency": "USD",
///     "SmsPricePerSegment": { "*": 0.08, "US": 0.0083, "GB": 0.0524 },
///     "WhatsAppPricingModel": "PerMessage",
///     "WhatsAppPricePerMessage": { "*": 0.06, "US": 0.03 }
///   }
/// }
/// </code>
/// </example>
public sealed class MessagingCostOptions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string SectionName = "NutritionistMessaging:Costs";

    /// <summary>The key of the default entry in every price table.</summary>
    public const string DefaultRegionKey = "*";

    /// <summary>The date the illustrative default prices were recorded.</summary>
    public const string DefaultPricesRecordedOn = "2026-11-25";

    /// <summary>The ISO 4217 code of every price in these tables. Default: <c>"USD"</c>.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>
    /// Price of one outbound SMS segment per region. Illustrative defaults (USD, recorded 2026-11-25): <c>*</c> 0.0800,
    /// US 0.0083, CA 0.0083, GB 0.0524, DE 0.0890, FR 0.0800, IN 0.0835, BR 0.0625.
    /// </summary>
    public Dictionary<string, decimal> SmsPricePerSegment { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [DefaultRegionKey] = 0.0800m,
        ["US"] = 0.0083m,
        ["CA"] = 0.0083m,
        ["GB"] = 0.0524m,
        ["DE"] = 0.0890m,
        ["FR"] = 0.0800m,
        ["IN"] = 0.0835m,
        ["BR"] = 0.0625m,
    };

    /// <summary>
    /// Price of one outbound MMS (an SMS-platform message with media, whatever its length) per region. Illustrative
    /// defaults (USD, recorded 2026-11-25): <c>*</c> 0.0200, US 0.0200, CA 0.0200.
    /// </summary>
    public Dictionary<string, decimal> MmsPricePerMessage { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [DefaultRegionKey] = 0.0200m,
        ["US"] = 0.0200m,
        ["CA"] = 0.0200m,
    };

    /// <summary>Whether WhatsApp is charged per message or per conversation window. Default: <see cref="WhatsAppPricingModel.PerMessage"/>.</summary>
    public WhatsAppPricingModel WhatsAppPricingModel { get; set; } = WhatsAppPricingModel.PerMessage;

    /// <summary>
    /// Price of one WhatsApp message per region, used with <see cref="WhatsAppPricingModel.PerMessage"/>. Illustrative
    /// defaults (USD, recorded 2026-11-25, meant as a marketing template plus the provider's fee): <c>*</c> 0.0600,
    /// US 0.0300, GB 0.0580, DE 0.1410, IN 0.0160, BR 0.0675.
    /// </summary>
    public Dictionary<string, decimal> WhatsAppPricePerMessage { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [DefaultRegionKey] = 0.0600m,
        ["US"] = 0.0300m,
        ["GB"] = 0.0580m,
        ["DE"] = 0.1410m,
        ["IN"] = 0.0160m,
        ["BR"] = 0.0675m,
    };

    /// <summary>
    /// Price of one WhatsApp conversation window per region, used with <see cref="WhatsAppPricingModel.PerConversation"/>.
    /// Illustrative defaults (USD, recorded 2026-11-25): <c>*</c> 0.0600, US 0.0250, GB 0.0530, DE 0.1370, IN 0.0110,
    /// BR 0.0625.
    /// </summary>
    public Dictionary<string, decimal> WhatsAppPricePerConversation { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [DefaultRegionKey] = 0.0600m,
        ["US"] = 0.0250m,
        ["GB"] = 0.0530m,
        ["DE"] = 0.1370m,
        ["IN"] = 0.0110m,
        ["BR"] = 0.0625m,
    };

    /// <summary>
    /// Whether SMS bodies are counted after Twilio's Smart Encoding (<see cref="Segments.SmsSegments.ApplySmartEncoding(string)"/>).
    /// Set it when the Messaging Service that sends your SMS has Smart Encoding on. Default: <see langword="false"/>.
    /// </summary>
    public bool SmartEncoding { get; set; }
}
