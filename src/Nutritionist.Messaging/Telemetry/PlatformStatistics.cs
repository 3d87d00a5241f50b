namespace Nutritionist.Messaging.Telemetry;

/// <summary>One platform's numbers for the current period.</summary>
public sealed class PlatformStatistics
{
    /// <summary>The platform.</summary>
    public required MessagingPlatform Platform { get; init; }

    /// <summary>Messages the provider accepted.</summary>
    public required long Sent { get; init; }

    /// <summary>Messages not accepted (rejected, failed or unknown).</summary>
    public required long NotSent { get; init; }

    /// <summary>Accepted messages later reported delivered (or read).</summary>
    public required long Delivered { get; init; }

    /// <summary>Accepted messages later reported failed, undelivered or expired.</summary>
    public required long DeliveryFailed { get; init; }

    /// <summary>Delivered as a share of messages with a final delivery status; <see langword="null"/> before any.</summary>
    public double? DeliveryRate => Delivered + DeliveryFailed == 0 ? null : (double)Delivered / (Delivered + DeliveryFailed);

    /// <summary>Estimated spend of the accepted messages, from the price tables.</summary>
    public required decimal EstimatedSpend { get; init; }

    /// <summary>Spend the providers reported in delivery updates so far.</summary>
    public required decimal ActualSpend { get; init; }

    /// <summary>The currency of the spend figures.</summary>
    public required string Currency { get; init; }
}
