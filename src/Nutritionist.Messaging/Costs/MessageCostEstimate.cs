using System.Globalization;
using Nutritionist.Messaging.Segments;

namespace Nutritionist.Messaging.Costs;

/// <summary>What one message is expected to cost, from the configured price tables. Returned by <see cref="IMessagingCostEstimator"/>.</summary>
/// <remarks>
/// An estimate, not a bill: providers add carrier fees, surcharges and currency conversion. Actual prices arrive later
/// with delivery events.
/// </remarks>
public sealed class MessageCostEstimate
{
    /// <summary>The platform the message is sent on.</summary>
    public required MessagingPlatform Platform { get; init; }

    /// <summary>The ISO 3166-1 alpha-2 region the price was looked up for, upper case; <see langword="null"/> when unknown.</summary>
    public string? RegionCode { get; init; }

    /// <summary>What <see cref="UnitPrice"/> is charged per.</summary>
    public required MessageBillingUnit BillingUnit { get; init; }

    /// <summary>
    /// How many <see cref="BillingUnit"/>s are charged: the segment count for SMS, 1 for MMS and per-message WhatsApp,
    /// 1 or 0 for per-conversation WhatsApp (0 when the message falls in an open conversation window).
    /// </summary>
    public required int BillableUnits { get; init; }

    /// <summary>SMS segments of the body (see <see cref="SmsSegments"/>); 0 for MMS, WhatsApp and an empty body.</summary>
    public int Segments { get; init; }

    /// <summary>The SMS encoding of the body; <see langword="null"/> for MMS and WhatsApp.</summary>
    public SmsEncoding? Encoding { get; init; }

    /// <summary>The price of one <see cref="BillingUnit"/>, in <see cref="Currency"/>.</summary>
    public required decimal UnitPrice { get; init; }

    /// <summary><see cref="BillableUnits"/> × <see cref="UnitPrice"/>, in <see cref="Currency"/>, not rounded.</summary>
    public required decimal EstimatedCost { get; init; }

    /// <summary>The ISO 4217 currency of the prices (<c>"USD"</c>).</summary>
    public required string Currency { get; init; }

    /// <summary>Whether the price came from the region's own entry or from the <c>"*"</c> default.</summary>
    public required MessagePriceSource PriceSource { get; init; }

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Platform} {RegionCode ?? "*"}: {BillableUnits} x {BillingUnit} @ {UnitPrice} = {EstimatedCost} {Currency} ({PriceSource} price)");
}
