using System.Globalization;

namespace Nutritionist.Messaging.Costs;

/// <summary>One priced line of a <see cref="MessagingRouteCost"/>: one <see cref="MessagingVolumeEntry"/> on one route.</summary>
public sealed class MessagingCostLine
{
    /// <summary>The route the line is priced on.</summary>
    public required MessagingRoute Route { get; init; }

    /// <summary>The volume entry priced.</summary>
    public required MessagingVolumeEntry Volume { get; init; }

    /// <summary>Units charged: messages × segments for SMS, messages for MMS and WhatsApp.</summary>
    public required long BillableUnits { get; init; }

    /// <summary>The provider's own price or fee per unit (Twilio's, AWS's; 0 for Meta direct).</summary>
    public required decimal ProviderPrice { get; init; }

    /// <summary>Meta's rate per WhatsApp message for the market and category; 0 for SMS.</summary>
    public required decimal MetaRate { get; init; }

    /// <summary><see cref="ProviderPrice"/> + <see cref="MetaRate"/>.</summary>
    public decimal UnitPrice => ProviderPrice + MetaRate;

    /// <summary><see cref="BillableUnits"/> × <see cref="UnitPrice"/>, not rounded.</summary>
    public decimal Cost => BillableUnits * UnitPrice;

    /// <summary>
    /// Whether every price of the line came from the region's own entry, or one came from a table's <c>"*"</c> default
    /// (less trustworthy: add the region).
    /// </summary>
    public required MessagePriceSource PriceSource { get; init; }

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Route} {Volume.RegionCode}{(Volume.Category is { } c ? " " + c : string.Empty)}: {BillableUnits} x ({ProviderPrice} + {MetaRate}) = {Cost} ({PriceSource} price)");
}
