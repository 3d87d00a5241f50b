namespace Nutritionist.Messaging.Delivery;

/// <summary>A provider's report about a message sent earlier (AWS event record, Twilio status callback).</summary>
public sealed class DeliveryStatusUpdate
{
    /// <summary>Creates an update.</summary>
    /// <param name="messageId">The provider's message id, as in <see cref="SendResult.MessageId"/>.</param>
    /// <param name="platform">The platform.</param>
    /// <param name="status">The status.</param>
    public DeliveryStatusUpdate(string messageId, MessagingPlatform platform, DeliveryStatus status)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        MessageId = messageId;
        Platform = platform;
        Status = status;
    }

    /// <summary>The provider's message id.</summary>
    public string MessageId { get; }

    /// <summary>The platform.</summary>
    public MessagingPlatform Platform { get; }

    /// <summary>The status.</summary>
    public DeliveryStatus Status { get; }

    /// <summary>The provider's own status word (<c>TEXT_DELIVERED</c>, <c>delivered</c>).</summary>
    public string? ProviderStatus { get; init; }

    /// <summary>The provider's error code when the message failed (Twilio <c>30003</c>, AWS <c>UNREACHABLE</c>).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The provider's error text.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>When the provider recorded the status.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The recipient in E.164, when the update says.</summary>
    public string? Recipient { get; init; }

    /// <summary>What the provider charged, when it says (AWS <c>totalMessagePrice</c> + <c>totalCarrierFee</c>, Twilio <c>price</c>).</summary>
    public decimal? Price { get; init; }

    /// <summary>The currency of <see cref="Price"/> (ISO 4217).</summary>
    public string? PriceCurrency { get; init; }

    /// <summary>How many parts the provider billed.</summary>
    public int? Segments { get; init; }

    /// <summary>The caller's <see cref="OutboundMessage.ClientReference"/>, when the provider carried it back.</summary>
    public string? ClientReference { get; init; }

    /// <summary>Whether <see cref="Status"/> is final.</summary>
    public bool IsTerminal => Status.IsTerminal();
}
