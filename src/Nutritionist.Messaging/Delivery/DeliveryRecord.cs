namespace Nutritionist.Messaging.Delivery;

/// <summary>What the tracker knows about one sent message.</summary>
/// <param name="MessageId">The provider's message id.</param>
/// <param name="Platform">The platform.</param>
/// <param name="Status">The latest status, after out-of-order updates were reconciled.</param>
/// <param name="Recipient">The recipient in E.164, when known.</param>
/// <param name="ClientReference">The caller's reference, when known.</param>
/// <param name="AcceptedAt">When the provider accepted it, when the send went through this process.</param>
/// <param name="UpdatedAt">When the latest status was recorded.</param>
/// <param name="ErrorCode">
/// The provider's error code for a failed message; while no final status has come, the code of an intermediate failure
/// (AWS <c>CARRIER_UNREACHABLE</c> with <c>isFinal: false</c>). A final status replaces it with its own code, or none.
/// </param>
/// <param name="Price">What the provider charged, when it said.</param>
/// <param name="PriceCurrency">The currency of <paramref name="Price"/>.</param>
public sealed record DeliveryRecord(
    string MessageId,
    MessagingPlatform Platform,
    DeliveryStatus Status,
    string? Recipient,
    string? ClientReference,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset UpdatedAt,
    string? ErrorCode = null,
    decimal? Price = null,
    string? PriceCurrency = null);
