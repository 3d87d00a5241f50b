using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace Nutritionist.Messaging.Costs;

/// <summary>
/// Prices a monthly <see cref="MessagingVolume"/> on each routing choice — SMS on Twilio or AWS; WhatsApp on Twilio, Meta
/// direct or AWS End User Messaging Social — and in named scenarios, with the savings of each against Twilio only.
/// </summary>
/// <remarks>
/// SMS costs messages × segments × the provider's price per segment (MMS: messages × price per MMS). WhatsApp costs
/// messages × (the provider's fee per message + Meta's rate for the market and category); Meta direct has no provider
/// fee. Prices come from <see cref="MessagingCostComparisonOptions"/>, copied when the comparison is created, so it is
/// thread-safe and later changes to the options object have no effect.
/// </remarks>
public sealed class MessagingCostComparison
{
    /// <summary>SMS and WhatsApp both on Twilio.</summary>
    public const string TwilioOnly = "Twilio only";

    /// <summary>SMS on AWS End User Messaging SMS, WhatsApp on Twilio.</summary>
    public const string Hybrid = "hybrid (AWS SMS + Twilio WhatsApp)";

    /// <summary>SMS on AWS End User Messaging SMS, WhatsApp through Meta's Cloud API directly.</summary>
    public const string HybridWithMetaDirect = "hybrid with Meta direct";

    /// <summary>SMS on AWS End User Messaging SMS, WhatsApp on AWS End User Messaging Social.</summary>
    public const string AwsOnly = "AWS only (SMS + Social)";

    private readonly DateOnly _pricesAsOf;
    private readonly string _currency;
    private readonly decimal _twilioWhatsAppFee;
    private readonly decimal _awsSocialFee;
    private readonly FrozenDictionary<string, decimal> _twilioSms;
    private readonly FrozenDictionary<string, decimal> _awsSms;
    private readonly FrozenDictionary<string, decimal> _twilioMms;
    private readonly FrozenDictionary<string, decimal> _awsMms;
    private readonly FrozenDictionary<WhatsAppMessageCategory, FrozenDictionary<string, decimal>> _meta;

    /// <summary>Creates a comparison over the default price tables (<see cref="MessagingCostComparisonOptions"/>).</summary>
    public MessagingCostComparison()
        : this(Options.Create(new MessagingCostComparisonOptions()))
    {
    }

    /// <summary>Creates a comparison over the given price tables.</summary>
    /// <param name="options">The price tables.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The options are invalid (a negative price, a table without a <c>"*"</c> entry, a bad currency code).</exception>
    public MessagingCostComparison(IOptions<MessagingCostComparisonOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        var validation = new MessagingCostComparisonOptionsValidator().Validate(Options.DefaultName, value);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(MessagingCostComparisonOptions), validation.Failures);
        }

        _pricesAsOf = value.PricesAsOf;
        _currency = value.Currency.ToUpperInvariant();
        _twilioWhatsAppFee = value.TwilioWhatsAppFeePerMessage;
        _awsSocialFee = value.AwsSocialFeePerMessage;
        _twilioSms = Freeze(value.TwilioSmsPricePerSegment);
        _awsSms = Freeze(value.AwsSmsPricePerSegment);
        _twilioMms = Freeze(value.TwilioMmsPricePerMessage);
        _awsMms = Freeze(value.AwsMmsPricePerMessage);
        _meta = new Dictionary<WhatsAppMessageCategory, FrozenDictionary<string, decimal>>
        {
            [WhatsAppMessageCategory.Marketing] = Freeze(value.MetaMarketingRate),
            [WhatsAppMessageCategory.Utility] = Freeze(value.MetaUtilityRate),
            [WhatsAppMessageCategory.Authentication] = Freeze(value.MetaAuthenticationRate),
            [WhatsAppMessageCategory.Service] = Freeze(value.MetaServiceRate),
        }.ToFrozenDictionary();
    }

    /// <summary>Prices <paramref name="volume"/> on every route and in every named scenario.</summary>
    /// <param name="volume">The monthly volume mix.</param>
    /// <returns>The priced routes and scenarios.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="volume"/> is <see langword="null"/>.</exception>
    public MessagingCostComparisonResult Compare(MessagingVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var routes = Enum.GetValues<MessagingRoute>().ToDictionary(r => r, r => Price(r, volume));
        var twilioOnly = routes[MessagingRoute.SmsOnTwilio].Total + routes[MessagingRoute.WhatsAppOnTwilio].Total;

        MessagingCostScenario Scenario(string name, MessagingRoute sms, MessagingRoute whatsApp)
        {
            var total = routes[sms].Total + routes[whatsApp].Total;
            return new MessagingCostScenario
            {
                Name = name,
                Sms = routes[sms],
                WhatsApp = routes[whatsApp],
                SavingsVsTwilioOnly = twilioOnly - total,
                SavingsFractionVsTwilioOnly = twilioOnly == 0 ? 0 : (twilioOnly - total) / twilioOnly,
            };
        }

        return new MessagingCostComparisonResult
        {
            PricesAsOf = _pricesAsOf,
            Currency = _currency,
            Volume = volume,
            Routes = [.. routes.Values],
            Scenarios =
            [
                Scenario(TwilioOnly, MessagingRoute.SmsOnTwilio, MessagingRoute.WhatsAppOnTwilio),
                Scenario(Hybrid, MessagingRoute.SmsOnAws, MessagingRoute.WhatsAppOnTwilio),
                Scenario(HybridWithMetaDirect, MessagingRoute.SmsOnAws, MessagingRoute.WhatsAppOnMeta),
                Scenario(AwsOnly, MessagingRoute.SmsOnAws, MessagingRoute.WhatsAppOnAws),
            ],
        };
    }

    private MessagingRouteCost Price(MessagingRoute route, MessagingVolume volume)
    {
        var platform = route is MessagingRoute.SmsOnTwilio or MessagingRoute.SmsOnAws ? MessagingPlatform.Sms : MessagingPlatform.WhatsApp;
        var lines = volume.Entries.Where(e => e.Platform == platform).Select(e => Line(route, e)).ToList();
        return new MessagingRouteCost { Route = route, Lines = lines };
    }

    private MessagingCostLine Line(MessagingRoute route, MessagingVolumeEntry entry)
    {
        if (entry.Platform == MessagingPlatform.Sms)
        {
            var table = (route, entry.IsMms) switch
            {
                (MessagingRoute.SmsOnTwilio, false) => _twilioSms,
                (MessagingRoute.SmsOnTwilio, true) => _twilioMms,
                (_, false) => _awsSms,
                _ => _awsMms,
            };
            var (price, source) = Lookup(table, entry.RegionCode);
            return new MessagingCostLine
            {
                Route = route,
                Volume = entry,
                BillableUnits = entry.IsMms ? entry.Messages : (long)entry.Messages * entry.SegmentsPerMessage,
                ProviderPrice = price,
                MetaRate = 0,
                PriceSource = source,
            };
        }

        var (rate, rateSource) = Lookup(_meta[entry.Category ?? WhatsAppMessageCategory.Marketing], entry.RegionCode);
        return new MessagingCostLine
        {
            Route = route,
            Volume = entry,
            BillableUnits = entry.Messages,
            ProviderPrice = route switch
            {
                MessagingRoute.WhatsAppOnTwilio => _twilioWhatsAppFee,
                MessagingRoute.WhatsAppOnAws => _awsSocialFee,
                _ => 0,
            },
            MetaRate = rate,
            PriceSource = rateSource,
        };
    }

    private static (decimal Price, MessagePriceSource Source) Lookup(FrozenDictionary<string, decimal> table, string region) =>
        table.TryGetValue(region, out var price)
            ? (price, MessagePriceSource.Region)
            : (table[MessagingCostOptions.DefaultRegionKey], MessagePriceSource.Default);

    private static FrozenDictionary<string, decimal> Freeze(Dictionary<string, decimal> table) => table.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
}
