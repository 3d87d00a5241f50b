namespace Nutritionist.Messaging.Costs;

/// <summary>
/// Per-provider price tables for <see cref="MessagingCostComparison"/>, bound from the
/// <c>NutritionistMessaging:CostComparison</c> configuration section. Tables are keyed by ISO 3166-1 alpha-2 region (any
/// case), with <c>"*"</c> as the default for every other region; every table must have a <c>"*"</c> entry.
/// </summary>
/// <remarks>
/// <para>
/// The US figures are the providers' public list prices as of <see cref="PricesAsOf"/> (2025-07-01, the day Meta's
/// per-message rates took effect), written down from the pages named on each property; they were not re-read from the
/// live pages for this release and exclude carrier pass-through fees, taxes and volume discounts. Every other entry is an
/// <b>illustrative</b> figure copied from the <see cref="MessagingCostOptions"/> defaults (recorded 2026-11-25) and was
/// not read from any provider's list: outside the US the comparison only shows the fee structure, not real savings.
/// </para>
/// <para>Every table and fee is overridable: set your own account's prices and the date you read them.</para>
/// </remarks>
public sealed class MessagingCostComparisonOptions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string SectionName = "NutritionistMessaging:CostComparison";

    /// <summary>The date the prices in these tables were in force. Default: 2025-07-01. Set it when you set the prices.</summary>
    public DateOnly PricesAsOf { get; set; } = new(2025, 7, 1);

    /// <summary>The ISO 4217 code of every price in these tables. Default: <c>"USD"</c>.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>
    /// Twilio's price per outbound SMS segment. US 0.0083: Twilio "SMS pricing in United States"
    /// (https://www.twilio.com/en-us/sms/pricing/us), list price 2025, carrier fees extra. Other entries illustrative.
    /// </summary>
    public Dictionary<string, decimal> TwilioSmsPricePerSegment { get; set; } = IllustrativeSmsPrices();

    /// <summary>
    /// AWS End User Messaging SMS price per outbound SMS message part (segment). US 0.00581: "AWS End User Messaging
    /// pricing" (https://aws.amazon.com/end-user-messaging/pricing/), base price 2025, carrier fees per origination type
    /// extra. Other entries illustrative (the same as Twilio's, so outside the US the comparison shows no difference).
    /// </summary>
    public Dictionary<string, decimal> AwsSmsPricePerSegment { get; set; } = WithEntry(IllustrativeSmsPrices(), "US", 0.00581m);

    /// <summary>
    /// Twilio's price per outbound MMS. Illustrative (the <see cref="MessagingCostOptions.MmsPricePerMessage"/> defaults).
    /// </summary>
    public Dictionary<string, decimal> TwilioMmsPricePerMessage { get; set; } = IllustrativeMmsPrices();

    /// <summary>
    /// AWS End User Messaging SMS price per outbound MMS. Illustrative (the <see cref="MessagingCostOptions.MmsPricePerMessage"/> defaults).
    /// </summary>
    public Dictionary<string, decimal> AwsMmsPricePerMessage { get; set; } = IllustrativeMmsPrices();

    /// <summary>
    /// Twilio's own fee per WhatsApp message, on top of Meta's rate, in every market. Default 0.005: Twilio "WhatsApp
    /// Business API pricing" (https://www.twilio.com/en-us/whatsapp/pricing), 2025.
    /// </summary>
    public decimal TwilioWhatsAppFeePerMessage { get; set; } = 0.005m;

    /// <summary>
    /// AWS End User Messaging Social's own fee per WhatsApp message, on top of Meta's rate. Default 0.005: "AWS End User
    /// Messaging pricing" (https://aws.amazon.com/end-user-messaging/pricing/, WhatsApp), 2025.
    /// </summary>
    public decimal AwsSocialFeePerMessage { get; set; } = 0.005m;

    /// <summary>
    /// Meta's rate per delivered marketing template by market. US 0.0250: Meta "Pricing on the WhatsApp Business Platform"
    /// (https://developers.facebook.com/docs/whatsapp/pricing), rate card effective 2025-07-01. The other entries are
    /// the <see cref="MessagingCostOptions.WhatsAppPricePerConversation"/> defaults (illustrative).
    /// </summary>
    public Dictionary<string, decimal> MetaMarketingRate { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [MessagingCostOptions.DefaultRegionKey] = 0.0600m,
        ["US"] = 0.0250m,
        ["GB"] = 0.0530m,
        ["DE"] = 0.1370m,
        ["IN"] = 0.0110m,
        ["BR"] = 0.0625m,
    };

    /// <summary>
    /// Meta's rate per delivered utility template by market. US 0.0040: the Meta page and rate card named on
    /// <see cref="MetaMarketingRate"/>. The <c>"*"</c> entry (0.0600, the marketing default) is an illustrative upper
    /// bound: set the markets you send to.
    /// </summary>
    public Dictionary<string, decimal> MetaUtilityRate { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [MessagingCostOptions.DefaultRegionKey] = 0.0600m,
        ["US"] = 0.0040m,
    };

    /// <summary>
    /// Meta's rate per delivered authentication template by market. US 0.0135: the Meta page and rate card named on
    /// <see cref="MetaMarketingRate"/>. The <c>"*"</c> entry (0.0600) is an illustrative upper bound.
    /// </summary>
    public Dictionary<string, decimal> MetaAuthenticationRate { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [MessagingCostOptions.DefaultRegionKey] = 0.0600m,
        ["US"] = 0.0135m,
    };

    /// <summary>
    /// Meta's rate per service message (free-form, inside the customer service window) by market. Free since
    /// 2024-11-01 (the Meta page named on <see cref="MetaMarketingRate"/>); the providers' own fees still apply.
    /// </summary>
    public Dictionary<string, decimal> MetaServiceRate { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [MessagingCostOptions.DefaultRegionKey] = 0m,
    };

    // The per-region SMS and MMS tables start from the estimator's illustrative defaults (one copy of those figures);
    // only the entries with a named source differ.
    private static Dictionary<string, decimal> IllustrativeSmsPrices() => new(new MessagingCostOptions().SmsPricePerSegment, StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, decimal> IllustrativeMmsPrices() => new(new MessagingCostOptions().MmsPricePerMessage, StringComparer.OrdinalIgnoreCase);

    private static Dictionary<string, decimal> WithEntry(Dictionary<string, decimal> table, string region, decimal price)
    {
        table[region] = price;
        return table;
    }
}
