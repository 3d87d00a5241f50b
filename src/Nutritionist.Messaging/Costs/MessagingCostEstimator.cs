using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Nutritionist.Messaging.Segments;

namespace Nutritionist.Messaging.Costs;

/// <summary>
/// Estimates message costs from the price tables in <see cref="MessagingCostOptions"/>: SMS segments × the region's
/// price per segment, MMS per message, WhatsApp per message or per conversation window.
/// </summary>
/// <remarks>
/// Thread-safe: the price tables are copied into immutable lookups when the estimator is created, so later changes to
/// the options object have no effect. Register it as a singleton.
/// </remarks>
public sealed class MessagingCostEstimator : IMessagingCostEstimator
{
    private readonly string _currency;
    private readonly bool _smartEncoding;
    private readonly WhatsAppPricingModel _whatsAppPricingModel;
    private readonly FrozenDictionary<string, decimal> _smsPerSegment;
    private readonly FrozenDictionary<string, decimal> _mmsPerMessage;
    private readonly FrozenDictionary<string, decimal> _whatsAppPerMessage;
    private readonly FrozenDictionary<string, decimal> _whatsAppPerConversation;

    /// <summary>Creates an estimator over the given price tables.</summary>
    /// <param name="options">The price tables.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The options are invalid (a negative price, a table without a <c>"*"</c> entry, a bad currency code).</exception>
    public MessagingCostEstimator(IOptions<MessagingCostOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        var validation = new MessagingCostOptionsValidator().Validate(Options.DefaultName, value);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(MessagingCostOptions), validation.Failures);
        }

        _currency = value.Currency.ToUpperInvariant();
        _smartEncoding = value.SmartEncoding;
        _whatsAppPricingModel = value.WhatsAppPricingModel;
        _smsPerSegment = value.SmsPricePerSegment.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _mmsPerMessage = value.MmsPricePerMessage.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _whatsAppPerMessage = value.WhatsAppPricePerMessage.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _whatsAppPerConversation = value.WhatsAppPricePerConversation.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public MessageCostEstimate Estimate(MessagingPlatform platform, string? regionCode, string? body, int mediaCount = 0, bool opensConversation = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mediaCount);
        var region = string.IsNullOrWhiteSpace(regionCode) || regionCode.Trim() == MessagingCostOptions.DefaultRegionKey
            ? null
            : regionCode.Trim().ToUpperInvariant();
        switch (platform)
        {
            case MessagingPlatform.Sms when mediaCount > 0:
                return Build(platform, region, MessageBillingUnit.MmsMessage, 1, _mmsPerMessage);

            case MessagingPlatform.Sms:
                var info = SmsSegments.Calculate(body ?? string.Empty, _smartEncoding);
                return Build(platform, region, MessageBillingUnit.SmsSegment, info.Segments, _smsPerSegment, info);

            case MessagingPlatform.WhatsApp when _whatsAppPricingModel == WhatsAppPricingModel.PerConversation:
                return Build(platform, region, MessageBillingUnit.WhatsAppConversation, opensConversation ? 1 : 0, _whatsAppPerConversation);

            case MessagingPlatform.WhatsApp:
                return Build(platform, region, MessageBillingUnit.WhatsAppMessage, 1, _whatsAppPerMessage);

            default:
                throw new ArgumentOutOfRangeException(nameof(platform), platform, $"Unknown messaging platform {platform}.");
        }
    }

    private MessageCostEstimate Build(
        MessagingPlatform platform,
        string? region,
        MessageBillingUnit unit,
        int units,
        FrozenDictionary<string, decimal> prices,
        SmsSegmentInfo? sms = null)
    {
        var source = MessagePriceSource.Region;
        if (region is null || !prices.TryGetValue(region, out var price))
        {
            source = MessagePriceSource.Default;
            price = prices[MessagingCostOptions.DefaultRegionKey];
        }

        return new MessageCostEstimate
        {
            Platform = platform,
            RegionCode = region,
            BillingUnit = unit,
            BillableUnits = units,
            Segments = sms?.Segments ?? 0,
            Encoding = sms?.Encoding,
            UnitPrice = price,
            EstimatedCost = units * price,
            Currency = _currency,
            PriceSource = source,
        };
    }
}
